import { useMemo } from 'react';
import { store, useEditor } from '../app/instance';
import { THERMAL_STOPS } from '../scene/thermalColours';
import { formatQty, toDisplay, unitLabel } from '../units';
import { FigureItems } from './FigureItems';
import { HottestInlets, isCoarseGrid } from './AirflowAtItem';
import { NumberField } from './NumberField';
import { cellSizeFor, hallBox, RESOLUTION_CELL_M, type AirflowResolution } from '../../workers/airflow/resolution';

const AIR_FIGURES = ['airflow_max_rack_inlet_c', 'airflow_mean_rack_inlet_c', 'airflow_rci_hi', 'airflow_rci_lo', 'airflow_rti', 'airflow_heat_released_kw', 'airflow_heat_removed_kw', 'airflow_heat_leaving_kw', 'airflow_energy_imbalance_pct', 'airflow_eddy_viscosity_m2_s'];
const RES_LABEL: Record<AirflowResolution, string> = { coarse: 'Coarse', normal: 'Normal', fine: 'Fine' };

/**
 * Live airflow: on/off, grid resolution, progress (coarse then refined), key figures, slice controls,
 * the legend, and what the model is and is not.
 */
export function ThermalPanel() {
  const thermal = useEditor((s) => s.thermal);
  // the result only: progress messages re-render AirflowStatus, not the whole panel
  const r = useEditor((s) => s.airflow.result);
  const units = useEditor((s) => s.units);
  const halls = useEditor((s) => s.committed.halls);
  const equipment = useEditor((s) => s.committed.equipment);
  const equipmentHalls = useMemo(() => new Set(equipment.map((e) => e.hallId)), [equipment]);
  const s = store.getState();
  const cells = r?.halls.reduce((a, h) => a + h.dims[0] * h.dims[1] * h.dims[2], 0) ?? 0;
  const cellM = r?.halls[0]?.cellM;
  const maxH = Math.max(...halls.map((h) => h.clearHeightM));
  // the cell edge of each grid choice for the halls that have equipment (cellSizeFor adapts it to each hall)
  const solved = halls.filter((h) => equipmentHalls.has(h.id));
  const cellLabel = (res: AirflowResolution) => {
    const edges = (solved.length ? solved : halls).map((h) => cellSizeFor(hallBox(h).size, res));
    const lo = Math.min(...edges);
    const hi = Math.max(...edges);
    if (!Number.isFinite(lo)) return formatQty('length', RESOLUTION_CELL_M[res], units);
    return lo === hi ? formatQty('length', lo, units) : `${formatQty('length', lo, units)}–${formatQty('length', hi, units)}`;
  };
  return (
    <section className="panel thermal" aria-labelledby="thermal-h">
      <h2 id="thermal-h">Airflow and temperatures</h2>
      <div className="btn-row">
        <button aria-pressed={thermal.on} onClick={() => s.setThermal({ on: !thermal.on })}>
          {thermal.on ? 'Live airflow: on' : 'Live airflow: off'}
        </button>
        <label className="inline">
          Grid{' '}
          <select value={thermal.resolution} onChange={(e) => s.setThermal({ resolution: e.target.value as typeof thermal.resolution })}>
            {(['coarse', 'normal', 'fine'] as const).map((res) => (
              <option key={res} value={res}>
                {RES_LABEL[res]} ({cellLabel(res)} cells)
              </option>
            ))}
          </select>
        </label>
      </div>
      {thermal.on && (
        <>
          <AirflowStatus />
          {r && (
            <ul className="figures-list" aria-label="Airflow figures">
              <li>
                Grid: {cells.toLocaleString('en-US')} cells of {cellM ? formatQty('length', cellM, units) : '—'}
              </li>
              <FigureItems figures={r.figures} names={AIR_FIGURES} units={units} />
            </ul>
          )}
          {r && <HottestInlets r={r} />}
          <fieldset>
            <legend>Overlays</legend>
            <label className="inline">
              <input type="checkbox" checked={thermal.colourRacks} onChange={(e) => s.setThermal({ colourRacks: e.target.checked })} /> Colour racks by inlet temperature
            </label>
            <label className="inline">
              <input type="checkbox" checked={thermal.arrows} onChange={(e) => s.setThermal({ arrows: e.target.checked })} /> Airflow arrows at the slice height
            </label>
            <div className="field">
              <label htmlFor="slice-mode">Heat-map slice</label>
              <select id="slice-mode" value={thermal.slice} onChange={(e) => s.setThermal({ slice: e.target.value as typeof thermal.slice })}>
                <option value="off">Off</option>
                <option value="horizontal">Horizontal</option>
                <option value="vertical">Vertical (east–west)</option>
              </select>
            </div>
            {thermal.slice === 'horizontal' && (
              <NumberField label="Slice height" quantity="length" value={thermal.sliceZ} min={0} max={maxH} onCommit={(v) => s.setThermal({ sliceZ: v })} />
            )}
            {thermal.slice === 'vertical' && <NumberField label="Slice at Y (north)" quantity="length" value={thermal.sliceY} min={-1e5} max={1e5} onCommit={(v) => s.setThermal({ sliceY: v })} />}
          </fieldset>
          <Legend />
          <p className="fidelity">
            Model: fast fluid dynamics on a uniform grid (implicit, multigrid pressure solve), one constant eddy viscosity per hall (from its
            strongest jet and its height: the quiet zones are over-mixed, jet cores under-mixed), Boussinesq buoyancy, racks as through-flow
            devices at their rated ΔT, coolers at setpoint up to capacity. Rack inlets are good to about ±2–3 K. Equipment snaps to whole grid
            cells, so racks that draw the edge of a cooler&apos;s jet can be 1–2.5 K off at Normal (within about 1 K at Fine in the grid study):
            compare layouts at one grid setting, check small moves at Fine, and confirm sign-off designs in full CFD. See docs/airflow.md.
          </p>
        </>
      )}
    </section>
  );
}

/** Progress of the live airflow solve (updated every few solver steps), or its error. */
function AirflowStatus() {
  const status = useEditor((s) => s.airflow.status);
  const stage = useEditor((s) => s.airflow.stage);
  const step = useEditor((s) => s.airflow.step);
  const error = useEditor((s) => s.airflow.error);
  const elapsedMs = useEditor((s) => s.airflow.elapsedMs);
  const stale = useEditor((s) => s.airflow.stale);
  const showing = useEditor((s) => (s.airflow.result ? s.airflow.resultStage : null));
  const previewSteps = useEditor((s) => (s.airflow.resultStage === 'preview' ? Math.max(0, ...(s.airflow.result?.halls.map((h) => h.steps) ?? [])) : 0));
  // on the coarse grid the last stage is the coarse answer itself: nothing is refined (the run being
  // solved follows the setting, a finished answer its own grid)
  const solvingCoarseOnly = useEditor((s) => s.thermal.resolution === 'coarse');
  const shownCoarseOnly = useEditor((s) => isCoarseGrid(s.airflow.result, s.committed.halls));
  return (
    <p className="hint" role="status" aria-live="polite">
      {status === 'running'
        ? `Solving ${stage === 'coarse' ? 'a quick coarse answer' : solvingCoarseOnly ? 'the coarse answer' : 'the refined answer'}… step ${step}`
        : status === 'error'
          ? `Airflow failed: ${error}. The layout is unchanged.`
          : status === 'done'
            ? `${shownCoarseOnly ? 'Coarse' : 'Refined'} answer in ${(elapsedMs / 1000).toFixed(1)} s${stale ? ' — updating after your edit…' : ''}`
            : 'Waiting…'}
      {status === 'running' && showing === 'coarse' ? ' (showing the coarse answer)' : ''}
      {status === 'running' && showing === 'preview' ? ` (showing a preview after ${previewSteps} step${previewSteps === 1 ? '' : 's'}; settling)` : ''}
    </p>
  );
}

/** Colour legend of the temperature scale, in the user's units. */
export function Legend() {
  const units = useEditor((s) => s.units);
  const grad = THERMAL_STOPS.map(([, c], i) => `${c} ${((i / (THERMAL_STOPS.length - 1)) * 100).toFixed(0)}%`).join(', ');
  return (
    <div className="legend" aria-label="Temperature legend">
      <div className="legend-bar" style={{ background: `linear-gradient(90deg, ${grad})` }} />
      <div className="legend-ticks">
        {THERMAL_STOPS.map(([t]) => (
          <span key={t}>{Math.round(toDisplay('temperature', t, units))}</span>
        ))}
      </div>
      <div className="legend-unit">air temperature, {unitLabel('temperature', units)}</div>
    </div>
  );
}
