import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/** A standby diesel generator set in a weatherproof enclosure, standing outdoors. */
export interface GeneratorProps extends BaseProps {
  /** standby rating, kWe */
  ratedKw: number;
  /** output line-to-line voltage, V */
  voltageV: number;
  /** auxiliaries drawn while on standby (jacket-water heaters, battery charger), kW */
  auxKw: number;
}

const schema = base.extend({
  ratedKw: num(1, 20_000),
  voltageV: num(100, 40_000),
  auxKw: num(0, 200),
});

function rawLook(p: GeneratorProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    part('enclosure', [-w, w], [-d, d], [0.3, h - 0.3], '#c9b458'),
    part('base-tank', [-w, w], [-d, d], [0, 0.3], COLORS.darkSteel, 'detail'),
    // radiator end and exhaust stack on the roof
    part('radiator', [w - 0.1, w], [-d + 0.1, d - 0.1], [0.4, h - 0.4], COLORS.steel, 'detail'),
    part('stack', [w * 0.6, w * 0.75], [-d * 0.15, d * 0.15], [h - 0.3, h], COLORS.darkSteel, 'detail'),
  ];
}

const look = (p: GeneratorProps): LookPart[] => fitLook(rawLook(p), p);

export const generator: KindDef<GeneratorProps> = {
  kind: 'generator',
  label: 'Generator',
  category: 'electrical',
  placement: 'outdoor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'diesel-2500',
      name: 'Diesel generator 2,500 kW',
      description: '2,500 kWe standby, 480 V, sound-attenuated enclosure with base tank [S]; standby heaters ~9 kW [U]',
      props: { widthM: 12.2, depthM: 3.0, heightM: 4.0, weightKg: 32_000, ratedKw: 2500, voltageV: 480, auxKw: 9 },
    },
    {
      id: 'diesel-2000',
      name: 'Diesel generator 2,000 kW',
      description: '2,000 kWe standby, 480 V, enclosure with base tank [S]; standby heaters ~7 kW [U]',
      props: { widthM: 10.5, depthM: 2.9, heightM: 3.8, weightKg: 26_000, ratedKw: 2000, voltageV: 480, auxKw: 7 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'ratedKw', label: 'Standby rating', quantity: 'power', min: 1, max: 20000, step: 50, source: 'V' },
    { key: 'voltageV', label: 'Voltage (line-line)', quantity: 'voltage', min: 100, max: 40000, step: 1, source: 'V' },
    { key: 'auxKw', label: 'Standby auxiliaries', quantity: 'power', min: 0, max: 200, step: 0.5, source: 'U' },
  ],
  look,
  // While the utility is up the set only draws its heaters and charger.
  electricalKw: (p) => p.auxKw,
  heatToAirKw: (p) => p.auxKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${fmtKw(p.ratedKw)} standby · ${p.voltageV.toFixed(0)} V`,
};
