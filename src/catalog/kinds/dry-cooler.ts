import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/**
 * A V-type dry cooler (fluid-to-air), optionally with adiabatic pre-cooling pads. Air enters
 * through the coils on both long sides and leaves upward through the fans; for the front/rear
 * convention the intake coil is the front (local −y) and the fan deck is marked as the exhaust.
 */
export interface DryCoolerProps extends BaseProps {
  /** heat rejected at the design ambient and approach, kW */
  capacityKw: number;
  /** ambient dry bulb at which capacityKw is rated, °C */
  designAmbientC: number;
  /** leaving fluid − entering air temperature at rated capacity, K */
  approachK: number;
  /** total fan power at full speed, kW */
  fanPowerKw: number;
  fanCount: number;
  /** adiabatic pad effectiveness (0 = plain dry cooler), 0..1 */
  adiabaticEffectiveness: number;
}

const schema = base.extend({
  capacityKw: num(0, 10_000),
  designAmbientC: num(-20, 60),
  approachK: num(0.5, 40),
  fanPowerKw: num(0, 500),
  fanCount: z.number().int().min(0).max(64),
  adiabaticEffectiveness: num(0, 1),
});

/**
 * Lowest leaving fluid temperature at rated capacity, °C: the air entering the coil (after the
 * adiabatic pads, T_db − ε·(T_db − T_wb)) plus the approach.
 */
export function dryCoolerLeavingFluidC(p: DryCoolerProps, dryBulbC: number, wetBulbC: number): number {
  const airIn = dryBulbC - p.adiabaticEffectiveness * Math.max(0, dryBulbC - wetBulbC);
  return airIn + p.approachK;
}

function rawLook(p: DryCoolerProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    part('frame', [-w, w], [-d + 0.05, d - 0.05], [0, h - 0.15], '#cfd4da'),
    part('front', [-w + 0.1, w - 0.1], [-d, -d + 0.05], [0.5, h - 0.25], p.adiabaticEffectiveness > 0 ? '#c9a66b' : COLORS.inlet, 'front'),
    part('rear', [-w + 0.1, w - 0.1], [d - 0.05, d], [0.5, h - 0.25], p.adiabaticEffectiveness > 0 ? '#c9a66b' : COLORS.inlet, 'detail'),
    // fan deck on top: where the heated air leaves
    part('fan-deck', [-w + 0.1, w - 0.1], [-d + 0.1, d - 0.1], [h - 0.15, h], COLORS.exhaust, 'rear'),
  ];
}

const look = (p: DryCoolerProps): LookPart[] => fitLook(rawLook(p), p);

export const dryCooler: KindDef<DryCoolerProps> = {
  kind: 'dry-cooler',
  label: 'Dry cooler',
  category: 'heat-rejection',
  placement: 'outdoor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'v-1000',
      name: 'V-type dry cooler 1,000 kW',
      description: 'V-type dry cooler, 1,000 kW at 35 °C ambient with 8 K approach (fluid leaves at 43 °C) [S]; 12 EC fans, 28 kW [S]; size [U]',
      props: { widthM: 12.5, depthM: 2.4, heightM: 2.6, weightKg: 6500, capacityKw: 1000, designAmbientC: 35, approachK: 8, fanPowerKw: 28, fanCount: 12, adiabaticEffectiveness: 0 },
    },
    {
      id: 'adiabatic-1000',
      name: 'Adiabatic dry cooler 1,000 kW',
      description: 'V-type dry cooler with adiabatic pre-cooling pads (ε ≈ 0.8) [S]; 1,000 kW at 35 °C with 8 K approach to the pre-cooled air [U]; 12 fans, 26 kW',
      props: { widthM: 12.5, depthM: 2.6, heightM: 2.8, weightKg: 7200, capacityKw: 1000, designAmbientC: 35, approachK: 8, fanPowerKw: 26, fanCount: 12, adiabaticEffectiveness: 0.8 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'capacityKw', label: 'Capacity at design ambient', quantity: 'power', min: 0, max: 10000, step: 10, source: 'S' },
    { key: 'designAmbientC', label: 'Design ambient', quantity: 'temperature', min: -20, max: 60, step: 0.5, source: 'S' },
    { key: 'approachK', label: 'Approach (leaving fluid − air)', quantity: 'deltaT', min: 0.5, max: 40, step: 0.5, source: 'U' },
    { key: 'fanPowerKw', label: 'Fan power', quantity: 'power', min: 0, max: 500, step: 0.5, source: 'S' },
    { key: 'fanCount', label: 'Fans', quantity: 'count', min: 0, max: 64, step: 1 },
    { key: 'adiabaticEffectiveness', label: 'Adiabatic effectiveness', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'U', help: '0 for a plain dry cooler' },
  ],
  look,
  electricalKw: (p) => p.fanPowerKw,
  heatToAirKw: (p) => p.fanPowerKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${fmtKw(p.capacityKw)} at ${p.designAmbientC.toFixed(0)} °C · ${p.fanCount} fans${p.adiabaticEffectiveness > 0 ? ' · adiabatic' : ''}`,
};
