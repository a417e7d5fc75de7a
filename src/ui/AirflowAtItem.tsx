import { store, useEditor } from '../app/instance';
import type { AirflowResult } from '../../workers/airflow/engine';
import { formatQty } from '../units';
import type { Hall } from '../model/document';
import { cellSizeFor, hallBox } from '../../workers/airflow/resolution';

/** True when the result's halls are on their coarse grids (cellSizeFor), i.e. it is a coarse answer. */
export function isCoarseGrid(r: AirflowResult | null, halls: readonly Hall[]): boolean {
  const solved = r?.halls.filter((h) => h.cellM > 0) ?? [];
  return (
    solved.length > 0 &&
    solved.every((h) => {
      const hall = halls.find((x) => x.id === h.hallId);
      return !!hall && Math.abs(h.cellM - cellSizeFor(hallBox(hall).size, 'coarse')) < 1e-9;
    })
  );
}

const STAGE: Record<string, string> = { preview: 'preview', coarse: 'coarse answer', final: 'refined answer' };

/** Where an item's live-airflow figures are in a result: its rack/miner or cooler entry, if solved. */
function findInResult(r: AirflowResult, id: string) {
  for (const h of r.halls) {
    const rack = h.racks.find((x) => x.id === id);
    if (rack) return { rack };
    const cooler = h.coolers.find((x) => x.id === id);
    if (cooler) return { cooler };
  }
  return null;
}

/**
 * The selected item's air temperatures from live airflow (inspector): a rack's or miner shelf's inlet
 * (mean and max over its front face) and exhaust, a cooler's return, supply and load against capacity.
 * Nothing while airflow is off or the item is not in the result.
 */
export function AirflowAtItem({ id }: { id: string }) {
  const on = useEditor((s) => s.thermal.on);
  const r = useEditor((s) => s.airflow.result);
  const stage = useEditor((s) => s.airflow.resultStage);
  const stale = useEditor((s) => s.airflow.stale);
  const units = useEditor((s) => s.units);
  const coarseOnly = useEditor((s) => isCoarseGrid(s.airflow.result, s.committed.halls));
  if (!on || !r) return null;
  const hit = findInResult(r, id);
  if (!hit) return null;
  const t = (c: number) => (Number.isFinite(c) ? formatQty('temperature', c, units, 1) : '—');
  return (
    <fieldset>
      <legend>Airflow</legend>
      <ul className="figures-list" aria-label="Airflow at this item">
        {hit.rack && (
          <>
            <li>
              Inlet: <strong>{t(hit.rack.inletMeanC)}</strong> mean, <strong>{t(hit.rack.inletMaxC)}</strong> max over the front
            </li>
            <li>
              Exhaust: <strong>{t(hit.rack.exhaustC)}</strong>
            </li>
          </>
        )}
        {hit.cooler && (
          <>
            <li>
              Return: <strong>{t(hit.cooler.returnC)}</strong>, supply: <strong>{t(hit.cooler.supplyC)}</strong>
            </li>
            <li>
              Load: <strong>{formatQty('power', hit.cooler.load_W / 1000, units)}</strong> of {formatQty('power', hit.cooler.capacity_W / 1000, units)}
              {hit.cooler.saturated ? ' (saturated: supply above setpoint)' : ''}
            </li>
          </>
        )}
      </ul>
      <p className="hint">
        From the {stage === 'final' && coarseOnly ? 'coarse answer' : (STAGE[stage ?? 'final'] ?? 'answer')}
        {stale ? ', before your last edit (updating…)' : ''}.
      </p>
    </fieldset>
  );
}

/** The racks (or miner shelves) with the hottest inlets in the shown result, hottest first; a click selects one. */
export function HottestInlets({ r, count = 5 }: { r: AirflowResult; count?: number }) {
  const units = useEditor((s) => s.units);
  const names = useEditor((s) => s.committed.equipment);
  const racks = r.halls
    .flatMap((h) => h.racks)
    .filter((x) => Number.isFinite(x.inletMaxC))
    .sort((a, b) => b.inletMaxC - a.inletMaxC)
    .slice(0, count);
  if (!racks.length) return null;
  const nameOf = (id: string) => names.find((e) => e.id === id)?.name ?? id;
  return (
    <>
      <h3 id="hottest-h">Hottest inlets</h3>
      <ol className="figures-list" aria-labelledby="hottest-h">
        {racks.map((x) => (
          <li key={x.id}>
            <button
              className="link"
              onClick={() => {
                store.getState().select([x.id]);
                store.getState().frameIds([x.id]);
              }}
            >
              {nameOf(x.id)}
            </button>
            : {formatQty('temperature', x.inletMaxC, units, 1)} max, {formatQty('temperature', x.inletMeanC, units, 1)} mean
          </li>
        ))}
      </ol>
    </>
  );
}
