import { useEffect, useId, useState } from 'react';
import { fromDisplay, toDisplay, unitLabel, type Quantity } from '../units';
import { useEditor } from '../app/instance';

/**
 * A numeric input in the user's unit system over an SI value. Commits on Enter or blur; an impossible
 * value (not a number, outside the limits) is shown as an error next to the field and never reaches
 * the document.
 */
export function NumberField(props: {
  label: string;
  quantity: Quantity;
  value: number;
  min?: number;
  max?: number;
  step?: number;
  onCommit: (si: number) => void;
  help?: string;
}) {
  const units = useEditor((s) => s.units);
  const id = useId();
  const shown = toDisplay(props.quantity, props.value, units);
  const fmt = (v: number) => String(Number(v.toFixed(props.quantity === 'fraction' ? 1 : 4)));
  const [text, setText] = useState(fmt(shown));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(fmt(shown));
    setError(null);
  }, [shown, units]);
  const unit = unitLabel(props.quantity, units);
  const commit = () => {
    const v = Number(text.trim().replace(',', '.'));
    if (text.trim() === '' || !Number.isFinite(v)) {
      setError('Enter a number');
      return;
    }
    const si = fromDisplay(props.quantity, v, units);
    const eps = 1e-9 * Math.max(1, Math.abs(si));
    if (props.min !== undefined && si < props.min - eps) {
      setError(`At least ${fmt(toDisplay(props.quantity, props.min, units))} ${unit}`);
      return;
    }
    if (props.max !== undefined && si > props.max + eps) {
      setError(`At most ${fmt(toDisplay(props.quantity, props.max, units))} ${unit}`);
      return;
    }
    setError(null);
    if (Math.abs(si - props.value) > eps) props.onCommit(si);
  };
  return (
    <div className="field">
      <label htmlFor={id} title={props.help}>
        {props.label}
      </label>
      <span className="field-input">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') {
              setText(fmt(shown));
              setError(null);
            }
          }}
        />
        <span className="unit">{unit}</span>
      </span>
      {error && (
        <span className="field-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
