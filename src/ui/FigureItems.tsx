import type { Figure } from '../../workers/findings';
import { formatMeasure, type UnitSystem } from '../units';

/**
 * List items "label: value unit" in the user's units — the named figures in that order (those the
 * results have), or every figure when no names are given. The caller supplies the labelled <ul>.
 */
export function FigureItems({ figures, names, units }: { figures: readonly Figure[]; names?: readonly string[]; units: UnitSystem }) {
  const shown = names ? names.map((n) => figures.find((f) => f.name === n)).filter((f): f is Figure => !!f) : figures;
  return (
    <>
      {shown.map((f) => (
        <li key={f.name}>
          {f.label}: <strong>{formatMeasure(f.value, f.unit, units)}</strong>
        </li>
      ))}
    </>
  );
}
