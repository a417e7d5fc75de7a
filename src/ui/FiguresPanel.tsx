import { useState } from 'react';
import { useEditor } from '../app/instance';
import { FigureItems } from './FigureItems';

const ENGINE_LABEL: Record<string, string> = { space: 'Space and structure', electrical: 'Power', liquid: 'Liquid cooling', airflow: 'Airflow' };

/** Every engine's key figures, grouped by engine, in the user's units. */
export function FiguresPanel() {
  const results = useEditor((s) => s.analysis.results);
  const air = useEditor((s) => (s.thermal.on ? s.airflow.result : null));
  const units = useEditor((s) => s.units);
  const [open, setOpen] = useState(false);
  const all = air ? [...results, air] : results;
  return (
    <section className="panel figures-panel" aria-labelledby="fig-h">
      <h2 id="fig-h">
        <button className="cat-head" aria-expanded={open} onClick={() => setOpen(!open)}>
          Key figures
        </button>
      </h2>
      {open &&
        all.map((r) => (
          <div key={r.engine}>
            <h3 className="fig-engine">{ENGINE_LABEL[r.engine] ?? r.engine}</h3>
            <ul className="figures-list" aria-label={`${ENGINE_LABEL[r.engine] ?? r.engine} figures`}>
              <FigureItems figures={r.figures} units={units} />
            </ul>
          </div>
        ))}
    </section>
  );
}
