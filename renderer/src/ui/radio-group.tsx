import type { ReactNode } from 'react';

/** A fieldset of radio buttons, one per `[value, label]`; `children` go after the choices. */
export function RadioGroup<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onChange: (value: T) => void;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <fieldset className={props.className}>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value} className="checkbox">
          <input
            type="radio"
            name={props.name}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          {label}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}
