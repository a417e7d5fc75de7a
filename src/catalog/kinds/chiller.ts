import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/**
 * An air-cooled chiller making facility/chilled water. Condenser air enters through the side coils
 * (front, local −y) and leaves through the fan deck on top (marked as the exhaust).
 */
export interface ChillerProps extends BaseProps {
  /** cooling capacity at the design ambient and leaving water temperature, kW */
  capacityKw: number;
  /** coefficient of performance of the whole unit (compressors and condenser fans) at design, — */
  cop: number;
  /** leaving (supply) water temperature, °C */
  leavingWaterC: number;
  /** ambient dry bulb at which capacity and COP are rated, °C */
  designAmbientC: number;
}

const schema = base.extend({
  capacityKw: num(0, 20_000),
  cop: num(0.5, 20),
  leavingWaterC: num(-10, 40),
  designAmbientC: num(-20, 60),
});

/** Electrical input at full capacity, kW: capacity / COP. */
export function chillerInputKw(p: ChillerProps): number {
  return p.capacityKw / p.cop;
}

/** Heat rejected to the outdoor air at full capacity, kW: capacity + input (first law). */
export function chillerRejectKw(p: ChillerProps): number {
  return p.capacityKw + chillerInputKw(p);
}

function rawLook(p: ChillerProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    // darker, bluish casing than a dry cooler so the two read apart in the yard
    part('body', [-w, w], [-d + 0.05, d - 0.05], [0, h - 0.2], '#8fa3b8'),
    part('front', [-w + 0.1, w - 0.1], [-d, -d + 0.05], [Math.min(0.8, h / 3), h - 0.3], COLORS.inlet, 'front'),
    part('compressors', [-w + 0.1, w - 0.1], [-d, d], [0, Math.min(0.8, h / 3)], COLORS.darkSteel, 'detail'),
    part('fan-deck', [-w + 0.1, w - 0.1], [-d + 0.1, d - 0.1], [h - 0.2, h], COLORS.exhaust, 'rear'),
  ];
}

const look = (p: ChillerProps): LookPart[] => fitLook(rawLook(p), p);

export const chiller: KindDef<ChillerProps> = {
  kind: 'chiller',
  label: 'Chiller',
  category: 'heat-rejection',
  placement: 'outdoor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'air-cooled-1200',
      name: 'Air-cooled chiller 1,200 kW',
      description: 'Air-cooled screw chiller, 1,200 kW at 35 °C ambient and 20 °C leaving water, COP 4.2 incl. fans [U]; size [S]',
      props: { widthM: 12.2, depthM: 2.3, heightM: 2.6, weightKg: 11_000, capacityKw: 1200, cop: 4.2, leavingWaterC: 20, designAmbientC: 35 },
    },
    {
      id: 'air-cooled-600',
      name: 'Air-cooled chiller 600 kW',
      description: 'Air-cooled chiller, 600 kW at 35 °C ambient and 18 °C leaving water, COP 3.8 incl. fans [U]; size [S]',
      props: { widthM: 6.5, depthM: 2.3, heightM: 2.5, weightKg: 6000, capacityKw: 600, cop: 3.8, leavingWaterC: 18, designAmbientC: 35 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'capacityKw', label: 'Capacity at design', quantity: 'power', min: 0, max: 20000, step: 10, source: 'S' },
    { key: 'cop', label: 'COP at design', quantity: 'count', min: 0.5, max: 20, step: 0.1, source: 'U' },
    { key: 'leavingWaterC', label: 'Leaving water', quantity: 'temperature', min: -10, max: 40, step: 0.5, source: 'S' },
    { key: 'designAmbientC', label: 'Design ambient', quantity: 'temperature', min: -20, max: 60, step: 0.5, source: 'S' },
  ],
  look,
  electricalKw: chillerInputKw,
  // its own electrical input ends in the condenser air; the building heat it moves is capacityKw
  heatToAirKw: chillerInputKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${fmtKw(p.capacityKw)} · COP ${p.cop.toFixed(1)} · ${p.leavingWaterC.toFixed(0)} °C water`,
};
