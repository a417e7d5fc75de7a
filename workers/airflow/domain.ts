/**
 * Boundary conditions, devices and sources of an airflow domain, as plain data.
 *
 * A layout→domain converter builds a `Grid` (cells, solid flags), then describes:
 * - the six domain sides (`SideBC`: no-slip wall, optionally moving, or slip/symmetry),
 * - openings on boundary faces (`VelocityOpening`: fixed inflow/outflow speed and inflow
 *   temperature; `PressureOpening`: fixed gauge pressure, air leaves at the local temperature and
 *   enters at `temperature_C`),
 * - devices (`Device`): air extracted through `inlet` faces and re-injected through `outlet` faces
 *   at the same volume flow; the device model sets the outlet temperature (heat source, cooler,
 *   exchange with outside),
 * - volumetric heat and momentum sources on sets of cells.
 * Walls are adiabatic unless a domain side has a fixed temperature. All quantities SI; temperatures in °C.
 */
import type { FaceRef, Grid, Side } from './grid';

export type SideBC =
  | {
      kind: 'wall';
      /** tangential velocity of a moving wall, m/s (default 0) */
      velocity_m_s?: readonly [number, number, number];
      /** isothermal wall temperature, °C (default: adiabatic) */
      temperature_C?: number;
    }
  | { kind: 'slip' };

export interface VelocityOpening {
  kind: 'velocity';
  id: string;
  faces: FaceRef[];
  /** volume flow INTO the domain, m³/s (negative = extraction); spread uniformly over the faces */
  flow_m3_s: number;
  /** temperature of air entering, °C */
  temperature_C: number;
}

export interface PressureOpening {
  kind: 'pressure';
  id: string;
  faces: FaceRef[];
  /** static gauge pressure outside the opening, Pa (default 0) */
  pressure_Pa?: number;
  /** temperature of air that enters through the opening, °C */
  temperature_C: number;
}

export type Opening = VelocityOpening | PressureOpening;

/**
 * Device models. Heat capacity flow C = ρ·c_p·V̇ (W/K).
 * - heat: T_out = T_in + heat_W / C (rack, miner, any IT load with fans).
 * - cooler: removes Q = clamp(C·(T_in − setpoint), 0, capacity); T_out = T_in − Q/C. Below
 *   capacity the supply is the setpoint; above it the supply rises by (demand − capacity)/C.
 * - exchange: exhaust of inside air to outside through `inlet` faces and/or intake of outside air at
 *   `outside_C` through `outlet` faces (fans, louvres with a fixed flow).
 */
export type DeviceModel =
  | { kind: 'heat'; heat_W: number }
  | { kind: 'cooler'; setpoint_C: number; capacity_W: number }
  | { kind: 'exchange'; outside_C: number };

export interface Device {
  id: string;
  /** faces through which the device draws air out of the fluid (may be empty for an intake) */
  inlet: FaceRef[];
  /** faces through which the device blows air into the fluid (may be empty for an exhaust) */
  outlet: FaceRef[];
  /** volume flow through the device, m³/s (> 0) */
  flow_m3_s: number;
  model: DeviceModel;
}

export interface HeatSource {
  id: string;
  /** fluid cells receiving the heat uniformly */
  cells: Int32Array;
  power_W: number;
}

export interface MomentumSource {
  id: string;
  cells: Int32Array;
  /** body force per unit mass on the air in these cells, m/s² */
  accel_m_s2: readonly [number, number, number];
}

/** Air properties; Boussinesq: ρ constant except in the buoyancy term g·β·(T − T_ref). */
export interface FluidProps {
  /** kg/m³, default 1.2 */
  rho_kg_m3?: number;
  /** J/(kg·K), default 1006 */
  cp_J_kgK?: number;
  /** molecular kinematic viscosity, m²/s, default 1.5e-5 */
  nu_m2_s?: number;
  /** molecular Prandtl number, default 0.71 */
  Pr?: number;
  /** turbulent Prandtl number, default 0.9 */
  Prt?: number;
  /** gravity magnitude (acts in −z), m/s², default 9.81; 0 disables buoyancy */
  g_m_s2?: number;
  /** reference temperature of the Boussinesq term, °C (default 20) */
  Tref_C?: number;
  /** thermal expansion coefficient, 1/K (default 1/(T_ref + 273.15), ideal gas) */
  beta_1_K?: number;
}

/**
 * Effective turbulent viscosity.
 * - laminar: ν_eff = ν.
 * - constant: ν_eff = ν + nut_m2_s everywhere.
 * - zeroEquation: Chen & Xu (1998) ν_t = 0.03874·|U|·l, l = distance to the nearest wall (m),
 *   |U| the local cell-centred speed (lagged one pseudo-time step), optionally bounded below by
 *   minNut_m2_s (quiescent regions of a hall otherwise get ν_t → 0 and never settle).
 */
export type TurbulenceModel =
  | { kind: 'laminar' }
  | { kind: 'constant'; nut_m2_s: number }
  | { kind: 'zeroEquation'; /** lower bound on ν_t, m²/s (default 0) */ minNut_m2_s?: number };

export interface Domain {
  grid: Grid;
  sides: Record<Side, SideBC>;
  openings?: Opening[];
  devices?: Device[];
  heatSources?: HeatSource[];
  momentumSources?: MomentumSource[];
  fluid?: FluidProps;
  turbulence?: TurbulenceModel;
}

/** every side a stationary no-slip wall */
export function closedBox(): Record<Side, SideBC> {
  return {
    xmin: { kind: 'wall' },
    xmax: { kind: 'wall' },
    ymin: { kind: 'wall' },
    ymax: { kind: 'wall' },
    zmin: { kind: 'wall' },
    zmax: { kind: 'wall' },
  };
}

export interface ResolvedFluid {
  rho: number;
  cp: number;
  nu: number;
  Pr: number;
  Prt: number;
  g: number;
  Tref: number;
  beta: number;
}

export function resolveFluid(f: FluidProps = {}): ResolvedFluid {
  const Tref = f.Tref_C ?? 20;
  return {
    rho: f.rho_kg_m3 ?? 1.2,
    cp: f.cp_J_kgK ?? 1006,
    nu: f.nu_m2_s ?? 1.5e-5,
    Pr: f.Pr ?? 0.71,
    Prt: f.Prt ?? 0.9,
    g: f.g_m_s2 ?? 9.81,
    Tref,
    beta: f.beta_1_K ?? 1 / (Tref + 273.15),
  };
}
