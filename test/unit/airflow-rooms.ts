/**
 * The 8 m × 5 m × 3 m test room of the airflow solver tests (airflow-energy, airflow-solver): a closed
 * box with racks 1 m × 1 m × 2 m at y 2–3 m and a CRAH 1 m × 1 m × 2.5 m at x 6.5–7.5 m, y 2–3 m that
 * returns at its top and supplies towards xmin. Built by hand on a `Grid` (face-level API) or with
 * the metric `DomainBuilder`.
 */
import { Grid, facesOnSide, type BoxM, type Side } from '../../workers/airflow/grid';
import { closedBox, type Device, type Domain } from '../../workers/airflow/domain';
import { DomainBuilder } from '../../workers/airflow/builder';

export const ROOM_M: [number, number, number] = [8, 5, 3];
/** the rack of the one-rack room, front (inlet) at xmin */
export const RACK_BOX: BoxM = { min: [2, 2, 0], max: [3, 3, 2] };
export const CRAH_BOX: BoxM = { min: [6.5, 2, 0], max: [7.5, 3, 2.5] };

/** The empty room in cells of edge h (8/h × 5/h × 3/h). */
export function roomGrid(h: number): Grid {
  return new Grid({ nx: Math.round(ROOM_M[0] / h), ny: Math.round(ROOM_M[1] / h), nz: Math.round(ROOM_M[2] / h), h_m: h });
}

/** A rack from x0 to x0 + 1 m (y 2–3 m, 2 m tall), made solid: draws at its front, blows out of its back. */
export function rack(grid: Grid, id: string, x0: number, front: 'xmin' | 'xmax', heat_W: number, flow: number): Device {
  const box = grid.boxToCells({ min: [x0, 2, 0], max: [x0 + 1, 3, 2] });
  grid.setSolid(box);
  const back = front === 'xmin' ? 'xmax' : 'xmin';
  return { id, inlet: facesOnSide(grid, box, front), outlet: facesOnSide(grid, box, back), flow_m3_s: flow, model: { kind: 'heat', heat_W } };
}

/** A cooler made solid in `box` (default CRAH_BOX): returns at its top, supplies from `supply` (default xmin). */
export function crahAt(
  grid: Grid,
  c: { flow_m3_s: number; setpoint_C: number; capacity_W: number; box?: BoxM; supply?: Side },
): Device {
  const cbox = grid.boxToCells(c.box ?? CRAH_BOX);
  grid.setSolid(cbox);
  return {
    id: 'crah',
    inlet: facesOnSide(grid, cbox, 'zmax'),
    outlet: facesOnSide(grid, cbox, c.supply ?? 'xmin'),
    flow_m3_s: c.flow_m3_s,
    model: { kind: 'cooler', setpoint_C: c.setpoint_C, capacity_W: c.capacity_W },
  };
}

/** The closed room around `grid` with a constant turbulent viscosity, plus devices and openings. */
export function closedRoom(grid: Grid, nut_m2_s: number, parts: Pick<Domain, 'devices' | 'openings'>): Domain {
  return { grid, sides: closedBox(), turbulence: { kind: 'constant', nut_m2_s }, ...parts };
}

/** One 10 kW rack (0.8 m³/s) and a 20 kW CRAH (1 m³/s, 18 °C), at cell edge h, by hand on a Grid. */
export function rackAndCrahRoom(h: number, nut_m2_s: number): Domain {
  const grid = roomGrid(h);
  return closedRoom(grid, nut_m2_s, {
    devices: [rack(grid, 'rack', RACK_BOX.min[0], 'xmin', 10_000, 0.8), crahAt(grid, { flow_m3_s: 1, setpoint_C: 18, capacity_W: 20_000 })],
  });
}

/** The same room as `rackAndCrahRoom`, built with the metric DomainBuilder. */
export function builtRackAndCrahRoom(h: number, nut_m2_s: number): Domain {
  const b = new DomainBuilder(ROOM_M, h);
  b.device({ id: 'rack', box: RACK_BOX, inletSides: ['xmin'], outletSides: ['xmax'], flow_m3_s: 0.8, model: { kind: 'heat', heat_W: 10_000 } });
  b.device({ id: 'crah', box: CRAH_BOX, inletSides: ['zmax'], outletSides: ['xmin'], flow_m3_s: 1, model: { kind: 'cooler', setpoint_C: 18, capacity_W: 20_000 } });
  return b.build(undefined, { kind: 'constant', nut_m2_s });
}
