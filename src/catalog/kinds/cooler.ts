import type { BaseProps, KindDef, LookPart } from '../types';
import { airDeltaTK, base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/**
 * An air cooler with a chilled-water (or TCS) coil: CRAH, fan wall, in-row cooler or rear-door heat
 * exchanger. Convention shared with every air-moving kind: the FRONT (local −y) is the air inlet,
 * i.e. the warm return side; the REAR (+y) discharges cooled supply air. An in-row cooler therefore
 * stands in a rack row turned 180° from its racks (its front faces the hot aisle); a rear door
 * stands directly behind its rack with the same rotation as the rack.
 */
export interface CoolerProps extends BaseProps {
  /** sensible cooling capacity at design conditions, kW */
  capacityKw: number;
  /** design airflow, m³/s (a passive rear door moves the rack's own airflow) */
  airflowM3s: number;
  /** supply (leaving) air temperature setpoint, °C */
  supplyTempC: number;
  /** fan electrical power at design airflow, kW (0 for a passive rear door) */
  fanPowerKw: number;
}

const schema = base.extend({
  capacityKw: num(0, 5_000),
  airflowM3s: num(0, 500),
  supplyTempC: num(5, 40),
  fanPowerKw: num(0, 500),
});

/** Air temperature drop across the coil at full capacity and design airflow, K (ρ = 1.2, c_p = 1.006). */
export function coolerAirDeltaTK(p: CoolerProps): number {
  return airDeltaTK(p.capacityKw, p.airflowM3s);
}

function rawLook(p: CoolerProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const face = Math.min(0.03, p.depthM / 6);
  return [
    part('body', [-w, w], [-d + face, d - face], [0, h], '#e3e6ea'),
    part('front', [-w + 0.03, w - 0.03], [-d, -d + face], [0.05, h - 0.05], COLORS.exhaust, 'front'),
    part('rear', [-w + 0.03, w - 0.03], [d - face, d], [0.05, h - 0.05], COLORS.inlet, 'rear'),
    part('coil-band', [-w, w], [-d + face, d - face], [h * 0.45, h * 0.55], COLORS.water, 'detail'),
  ];
}

const look = (p: CoolerProps): LookPart[] => fitLook(rawLook(p), p);

export const cooler: KindDef<CoolerProps> = {
  kind: 'cooler',
  label: 'Air cooler',
  category: 'air',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'crah-150',
      name: 'CRAH 150 kW',
      description: 'Chilled-water CRAH, 150 kW sensible, 10.5 m³/s (ΔT ≈ 12 K), EC fans ~0.6 kW per m³/s [S]; size [U]',
      props: { widthM: 2.55, depthM: 0.9, heightM: 2.0, weightKg: 700, capacityKw: 150, airflowM3s: 10.5, supplyTempC: 22, fanPowerKw: 6.3 },
    },
    {
      id: 'fan-wall-500',
      name: 'Fan wall module 500 kW',
      description: 'Fan-wall section with chilled-water coil, 500 kW at 35 m³/s (ΔT ≈ 12 K), fans 20 kW [S]; stands in a gallery, inlet side towards the return [U]',
      props: { widthM: 4.0, depthM: 1.5, heightM: 3.5, weightKg: 2200, capacityKw: 500, airflowM3s: 35, supplyTempC: 24, fanPowerKw: 20 },
    },
    {
      id: 'in-row-60',
      name: 'In-row cooler 60 kW',
      description: 'Rack-sized in-row cooler, 60 kW at 4.2 m³/s (ΔT ≈ 12 K), fans 2 kW [S]; place it turned 180° from its racks (inlet to the hot aisle)',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.3, weightKg: 400, capacityKw: 60, airflowM3s: 4.2, supplyTempC: 22, fanPowerKw: 2 },
    },
    {
      id: 'rdhx-passive-35',
      name: 'Rear-door HX, passive 35 kW',
      description: 'Passive rear-door heat exchanger, ≲ 35 kW using the rack fans (~2 m³/s at ΔT ≈ 15 K) [S]; no fans',
      props: { widthM: 0.6, depthM: 0.25, heightM: 2.3, weightKg: 150, capacityKw: 35, airflowM3s: 2.0, supplyTempC: 24, fanPowerKw: 0 },
    },
    {
      id: 'rdhx-active-60',
      name: 'Rear-door HX, active 60 kW',
      description: 'Active rear-door heat exchanger with fans, 40–75 kW (60 kW at 3.5 m³/s), fans 0.5–2 kW → 1.2 kW [S]',
      props: { widthM: 0.6, depthM: 0.3, heightM: 2.3, weightKg: 200, capacityKw: 60, airflowM3s: 3.5, supplyTempC: 24, fanPowerKw: 1.2 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'capacityKw', label: 'Sensible capacity', quantity: 'power', min: 0, max: 5000, step: 1, source: 'S' },
    { key: 'airflowM3s', label: 'Airflow', quantity: 'airflow', min: 0, max: 500, step: 0.1, source: 'S' },
    { key: 'supplyTempC', label: 'Supply air setpoint', quantity: 'temperature', min: 5, max: 40, step: 0.5, source: 'S' },
    { key: 'fanPowerKw', label: 'Fan power', quantity: 'power', min: 0, max: 500, step: 0.1, source: 'S' },
  ],
  look,
  electricalKw: (p) => p.fanPowerKw,
  // The coil's cooling is a capacity (capacityKw), not a release; the fans' power heats the air.
  heatToAirKw: (p) => p.fanPowerKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${fmtKw(p.capacityKw)} · ${p.airflowM3s.toFixed(1)} m³/s · ${p.supplyTempC.toFixed(0)} °C`,
};
