import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/**
 * Aisle containment: a transparent roof and end doors closing the aisle between two rack rows. Its
 * footprint is the aisle only (length = widthM along the rows, aisle width = depthM), so it does not
 * overlap the racks that form its sides.
 */
export interface ContainmentProps extends BaseProps {
  /** share of the aisle's airflow that leaks through gaps, 0..1 */
  leakageFraction: number;
}

const schema = base.extend({
  leakageFraction: num(0, 1),
});

function rawLook(p: ContainmentProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const t = Math.min(0.04, p.widthM / 10);
  return [
    part('roof', [-w, w], [-d, d], [h - 0.02, h], '#bcd7ee', 'glass', 0.25),
    part('door-west', [-w, -w + t], [-d, d], [0, h - 0.02], '#bcd7ee', 'glass', 0.25),
    part('door-east', [w - t, w], [-d, d], [0, h - 0.02], '#bcd7ee', 'glass', 0.25),
    part('rail-south', [-w, w], [-d, -d + 0.05], [h - 0.08, h - 0.02], COLORS.darkSteel, 'detail'),
    part('rail-north', [-w, w], [d - 0.05, d], [h - 0.08, h - 0.02], COLORS.darkSteel, 'detail'),
  ];
}

const look = (p: ContainmentProps): LookPart[] => fitLook(rawLook(p), p);

export const containment: KindDef<ContainmentProps> = {
  kind: 'containment',
  label: 'Aisle containment',
  category: 'structure',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'hot-aisle',
      name: 'Hot-aisle containment',
      description: 'Roof and sliding end doors over a 1.2 m hot aisle; racks face away from it; ~5 % leakage [U]',
      props: { widthM: 6, depthM: 1.2, heightM: 2.4, weightKg: 220, leakageFraction: 0.05 },
    },
    {
      id: 'cold-aisle',
      name: 'Cold-aisle containment',
      description: 'Roof and sliding end doors over a 1.8 m cold aisle; racks face into it; ~5 % leakage [U]',
      props: { widthM: 6, depthM: 1.8, heightM: 2.4, weightKg: 260, leakageFraction: 0.05 },
    },
  ],
  fields: [
    { key: 'widthM', label: 'Aisle length', quantity: 'length', min: 0.05, max: 100, step: 0.05 },
    { key: 'depthM', label: 'Aisle width', quantity: 'length', min: 0.05, max: 100, step: 0.05 },
    ...baseFields.filter((f) => f.key !== 'widthM' && f.key !== 'depthM'),
    { key: 'leakageFraction', label: 'Leakage', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'U' },
  ],
  look,
  electricalKw: () => 0,
  heatToAirKw: () => 0,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.widthM.toFixed(1)} m × ${p.depthM.toFixed(1)} m aisle · ${Math.round(p.leakageFraction * 100)} % leakage`,
};
