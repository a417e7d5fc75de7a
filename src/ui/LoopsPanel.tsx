import { store, useEditor } from '../app/instance';
import { editLoopVertex, runLength } from '../model/pipeEdit';
import { formatQty } from '../units';
import { NumberField } from './NumberField';

/** The document's pipe loops: diameters, route vertices (move or delete), taps, delete the loop. */
export function LoopsPanel() {
  const loops = useEditor((s) => s.committed.pipeLoops);
  const units = useEditor((s) => s.units);
  const colour = useEditor((s) => s.pipeColour);
  if (!loops.length) return null;
  const s = store.getState();
  const report = (why: string | null) => why && s.setNotice({ kind: 'error', title: `Cannot edit the loop: ${why}.`, details: [] });
  return (
    <fieldset>
      <legend>Pipe loops</legend>
      <div className="field">
        <label htmlFor="pipe-colour">Colour pipes by</label>
        <select id="pipe-colour" value={colour} onChange={(e) => s.setView({ pipeColour: e.target.value as 'role' | 'velocity' })}>
          <option value="role">Supply / return</option>
          <option value="velocity">Velocity (green &lt; 1.5, amber &lt; 2.5, red &gt; 2.5 m/s)</option>
        </select>
      </div>
      <ul className="links" aria-label="Pipe loops">
        {loops.map((l) => (
          <li key={l.id}>
            <details>
              <summary>
                {l.name} · {l.taps.length} racks · {formatQty('length', runLength(l.supply), units)} supply main
              </summary>
              <NumberField label="Main diameter" quantity="length" value={l.supply.diameterM} min={0.005} max={2} onCommit={(v) => report(s.updateLoop(l.id, (x) => ({ ...x, supply: { ...x.supply, diameterM: v }, return: { ...x.return, diameterM: v } })))} />
              <NumberField label="Branch diameter" quantity="length" value={l.branchDiameterM} min={0.005} max={2} onCommit={(v) => report(s.updateLoop(l.id, (x) => ({ ...x, branchDiameterM: v })))} />
              <ol className="vertices" aria-label={`${l.name} route vertices`}>
                {l.supply.path.slice(2).map((p, k) => {
                  const i = k + 2;
                  return (
                    <li key={i}>
                      <NumberField label={`Point ${k + 1} X`} quantity="length" value={p[0]} min={-1e5} max={1e5} onCommit={(v) => report(s.updateLoop(l.id, (x) => editLoopVertex(store.getState().doc, x, i, [v, p[1]])))} />
                      <NumberField label={`Point ${k + 1} Y`} quantity="length" value={p[1]} min={-1e5} max={1e5} onCommit={(v) => report(s.updateLoop(l.id, (x) => editLoopVertex(store.getState().doc, x, i, [p[0], v])))} />
                      <button className="small" aria-label={`Delete point ${k + 1} of ${l.name}`} onClick={() => report(s.updateLoop(l.id, (x) => editLoopVertex(store.getState().doc, x, i, null)))}>
                        Delete point
                      </button>
                    </li>
                  );
                })}
              </ol>
              <button className="danger" onClick={() => s.removeLoop(l.id)}>
                Delete {l.name}
              </button>
            </details>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
