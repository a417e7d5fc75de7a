import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/**
 * A section of a legacy evaporative intake wall: wetted cellulose pads set in the hall's intake
 * opening. The front (local −y) faces outdoors; air leaves the rear (+y) into the hall, cooled
 * adiabatically towards the outdoor wet bulb.
 */
export interface EvapWallProps extends BaseProps {
  /** design airflow through the section, m³/s */
  airflowM3s: number;
  /** saturation effectiveness ε = (T_db − T_out)/(T_db − T_wb), 0..1 */
  effectiveness: number;
  /** recirculation pump power, kW */
  pumpPowerKw: number;
  /** wetted pad height (the pad face is widthM × padHeightM), m */
  padHeightM: number;
}

const schema = base.extend({
  airflowM3s: num(0, 500),
  effectiveness: num(0, 1),
  pumpPowerKw: num(0, 20),
  padHeightM: num(0.1, 10),
});

/**
 * Leaving-air dry bulb of a direct evaporative pad, °C: T_out = T_db − ε·(T_db − T_wb).
 * Adiabatic: sensible heat becomes latent heat, the enthalpy stays the same. A wet bulb above the
 * dry bulb is not physical; it is clamped so the pad never heats the air.
 */
export function evapOutletTempC(dryBulbC: number, wetBulbC: number, effectiveness: number): number {
  return dryBulbC - effectiveness * Math.max(0, dryBulbC - wetBulbC);
}

/** Air velocity through the pad face, m/s (pads carry water droplets over above ~2.5 m/s). */
export function padFaceVelocityMs(p: EvapWallProps): number {
  return p.airflowM3s / (p.widthM * Math.min(p.padHeightM, p.heightM));
}

function rawLook(p: EvapWallProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const padTop = Math.min(h - 0.05, (h - p.padHeightM) / 2 + p.padHeightM);
  const padBottom = Math.max(0.05, padTop - p.padHeightM);
  return [
    part('frame', [-w, w], [-d + 0.02, d - 0.02], [0, h], COLORS.steel),
    // outdoor face: the honeycomb pads, tan
    part('front', [-w + 0.05, w - 0.05], [-d, -d + 0.02], [padBottom, padTop], '#c9a66b', 'front'),
    // hall face: cooled air leaves here (cool colour: the air is cooler than outdoors)
    part('rear', [-w + 0.05, w - 0.05], [d - 0.02, d], [padBottom, padTop], COLORS.inlet, 'rear'),
    part('sump', [-w, w], [-d, d], [0, Math.min(0.05, h)], COLORS.water, 'detail'),
  ];
}

const look = (p: EvapWallProps): LookPart[] => fitLook(rawLook(p), p);

export const evapWall: KindDef<EvapWallProps> = {
  kind: 'evap-wall',
  label: 'Evaporative intake wall',
  category: 'legacy',
  placement: 'wall',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'pad-6m-150mm',
      name: 'Evaporative pad section 6 m (150 mm pads)',
      description: '6 × 3 m of 150 mm cellulose pad at ~2 m/s face velocity → 36 m³/s; effectiveness ~0.85 [S]; pump 0.37 kW [U]',
      props: { widthM: 6, depthM: 0.3, heightM: 3.3, weightKg: 650, airflowM3s: 36, effectiveness: 0.85, pumpPowerKw: 0.37, padHeightM: 3 },
    },
    {
      id: 'pad-6m-100mm',
      name: 'Evaporative pad section 6 m (100 mm pads)',
      description: '6 × 3 m of 100 mm pad at ~2 m/s → 36 m³/s; effectiveness ~0.75 [S]; pump 0.37 kW [U]',
      props: { widthM: 6, depthM: 0.25, heightM: 3.3, weightKg: 520, airflowM3s: 36, effectiveness: 0.75, pumpPowerKw: 0.37, padHeightM: 3 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'airflowM3s', label: 'Design airflow', quantity: 'airflow', min: 0, max: 500, step: 0.5, source: 'S' },
    { key: 'effectiveness', label: 'Saturation effectiveness', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'S', help: '0.7–0.9 for 100–150 mm cellulose pads' },
    { key: 'pumpPowerKw', label: 'Pump power', quantity: 'power', min: 0, max: 20, step: 0.01, source: 'U' },
    { key: 'padHeightM', label: 'Pad height', quantity: 'length', min: 0.1, max: 10, step: 0.05, source: 'U' },
  ],
  look,
  electricalKw: (p) => p.pumpPowerKw,
  // the pump's small heat ends up in the air stream; the evaporative cooling itself is adiabatic
  heatToAirKw: (p) => p.pumpPowerKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.airflowM3s.toFixed(0)} m³/s · ε ${Math.round(p.effectiveness * 100)} %`,
};
