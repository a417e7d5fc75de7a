import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/**
 * A legacy wall-mounted exhaust (box) fan. It draws hall air in at its front (local −y, the hall
 * side) and blows it out through the shutter at the rear (+y, outdoors).
 */
export interface ExhaustFanProps extends BaseProps {
  /** airflow at the hall's low static pressure, m³/s */
  airflowM3s: number;
  /** motor electrical power, kW */
  fanPowerKw: number;
}

const schema = base.extend({
  airflowM3s: num(0, 100),
  fanPowerKw: num(0, 100),
});

/** Specific fan power, kW per m³/s (efficient large box fans are ~0.1 kW/(m³/s)). */
export function fanSpecificPowerKwPerM3s(p: ExhaustFanProps): number {
  return p.airflowM3s > 0 ? p.fanPowerKw / p.airflowM3s : Infinity;
}

function rawLook(p: ExhaustFanProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    part('housing', [-w, w], [-d + 0.02, d - 0.02], [0, h], COLORS.light),
    part('front', [-w + 0.05, w - 0.05], [-d, -d + 0.02], [0.05, h - 0.05], COLORS.darkSteel, 'front'),
    part('rear', [-w + 0.05, w - 0.05], [d - 0.02, d], [0.05, h - 0.05], COLORS.exhaust, 'rear'),
  ];
}

const look = (p: ExhaustFanProps): LookPart[] => fitLook(rawLook(p), p);

export const exhaustFan: KindDef<ExhaustFanProps> = {
  kind: 'exhaust-fan',
  label: 'Exhaust fan',
  category: 'legacy',
  placement: 'wall',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'box-fan-54in',
      name: '54" box exhaust fan',
      description: '54" belt-drive box fan with shutter, ~10 m³/s (≈ 21,000 CFM) at low static pressure, 1.1 kW (1.5 hp) [S]',
      props: { widthM: 1.55, depthM: 0.6, heightM: 1.55, weightKg: 110, airflowM3s: 10, fanPowerKw: 1.1 },
    },
    {
      id: 'box-fan-36in',
      name: '36" box exhaust fan',
      description: '36" box fan with shutter, ~4.7 m³/s (≈ 10,000 CFM), 0.55 kW [S]',
      props: { widthM: 1.05, depthM: 0.45, heightM: 1.05, weightKg: 55, airflowM3s: 4.7, fanPowerKw: 0.55 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'airflowM3s', label: 'Airflow', quantity: 'airflow', min: 0, max: 100, step: 0.1, source: 'S' },
    { key: 'fanPowerKw', label: 'Fan power', quantity: 'power', min: 0, max: 100, step: 0.05, source: 'S' },
  ],
  look,
  // mounted above the floor so the fan sits in the exhaust opening rather than on the slab
  defaultElevationM: () => 0.5,
  electricalKw: (p) => p.fanPowerKw,
  heatToAirKw: (p) => p.fanPowerKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.airflowM3s.toFixed(1)} m³/s · ${p.fanPowerKw.toFixed(2)} kW`,
};
