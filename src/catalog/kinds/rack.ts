import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, fitLook, fmtKw, num } from './common';

export interface RackProps extends BaseProps {
  /** IT power at design load, kW */
  itPowerKw: number;
  /** share of the heat removed by liquid (cold plates), 0..1 */
  liquidFraction: number;
  /** air temperature rise through the rack at design load, K (sets its airflow) */
  airDeltaTK: number;
  /** coolant supply temperature the rack requires at most, °C (liquid racks) */
  requiredSupplyTempC: number;
  /** cold-plate loop pressure drop at rated flow, kPa (liquid racks) */
  coldPlateDpKpa: number;
  /** number of power cords (A+B) */
  cordCount: number;
  /** nominal supply voltage of each cord, V: line-to-line for a 3φ cord, the cord's own voltage for a 1φ one */
  feedVoltageV: number;
  /** 3 = three-phase cords (rack PDUs / power shelves on all three phases), 1 = single-phase */
  feedPhases: number;
  /** rating of each cord's plug / rack-PDU inlet, A (the branch breaker feeding it may be smaller) */
  cordBreakerA: number;
}

const schema = base.extend({
  itPowerKw: num(0, 500),
  liquidFraction: num(0, 1),
  airDeltaTK: num(1, 40),
  requiredSupplyTempC: num(5, 60),
  coldPlateDpKpa: num(0, 500),
  cordCount: z.number().int().min(0).max(16),
  feedVoltageV: num(100, 1_000),
  feedPhases: z.union([z.literal(1), z.literal(3)]),
  cordBreakerA: num(1, 1_200),
});

function look(p: RackProps): LookPart[] {
  const liquid = p.liquidFraction > 0;
  const body = liquid ? '#2b3340' : '#3a3f47';
  return [
    { name: 'body', offset: [0, 0, p.heightM / 2], size: [p.widthM, p.depthM * 0.96, p.heightM], color: body, role: 'body' },
    // front door: perforated, lighter, with a blue stripe (liquid) or grey (air)
    { name: 'front', offset: [0, -p.depthM / 2 + 0.01, p.heightM / 2], size: [p.widthM * 0.94, 0.02, p.heightM * 0.96], color: liquid ? '#4d7cc7' : '#8a96a8', role: 'front' },
    // rear: darker exhaust face with a warm tint
    { name: 'rear', offset: [0, p.depthM / 2 - 0.01, p.heightM / 2], size: [p.widthM * 0.94, 0.02, p.heightM * 0.96], color: '#7a3b2e', role: 'rear' },
    { name: 'top', offset: [0, 0, p.heightM - 0.01], size: [p.widthM * 0.9, p.depthM * 0.9, 0.02], color: '#1d2229', role: 'detail' },
  ];
}

export const rack: KindDef<RackProps> = {
  kind: 'rack',
  label: 'IT rack',
  category: 'it',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: true,
  models: [
    {
      id: 'gb200-nvl72',
      name: 'GB200 NVL72 (liquid)',
      description: '72-GPU liquid-cooled rack; ~120 kW typical, 132 kW design point, ~85 % to liquid [S]; 8 power shelves on 415 V 3φ 63 A cords, 4 per side [S]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.3, weightKg: 1360, itPowerKw: 132, liquidFraction: 0.85, airDeltaTK: 15, requiredSupplyTempC: 25, coldPlateDpKpa: 80, cordCount: 8, feedVoltageV: 415, feedPhases: 3, cordBreakerA: 63 },
    },
    {
      id: 'gb300-nvl72',
      name: 'GB300 NVL72 (liquid)',
      description: 'Blackwell Ultra NVL72; 132–140 kW, transients ≈ 1.4× steady, ~85 % to liquid [S]; 415 V 3φ 63 A cords, 4 per side [S]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.3, weightKg: 1500, itPowerKw: 140, liquidFraction: 0.85, airDeltaTK: 15, requiredSupplyTempC: 25, coldPlateDpKpa: 90, cordCount: 8, feedVoltageV: 415, feedPhases: 3, cordBreakerA: 63 },
    },
    {
      id: 'hgx-h100-4x-air',
      name: '4 × HGX H100 (air)',
      description: 'Four 8-GPU air-cooled servers, 4 × 10.2 kW ≈ 41 kW [S]; four 415 V 3φ 60 A rack PDUs, 2 per side [U]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.2, weightKg: 1100, itPowerKw: 41, liquidFraction: 0, airDeltaTK: 15, requiredSupplyTempC: 45, coldPlateDpKpa: 0, cordCount: 4, feedVoltageV: 415, feedPhases: 3, cordBreakerA: 60 },
    },
    {
      id: 'storage',
      name: 'Storage rack (air)',
      description: 'Storage rack, 8–15 kW, air-cooled; A+B 415 V 3φ 32 A rack PDUs [U]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.2, weightKg: 800, itPowerKw: 12, liquidFraction: 0, airDeltaTK: 12, requiredSupplyTempC: 45, coldPlateDpKpa: 0, cordCount: 2, feedVoltageV: 415, feedPhases: 3, cordBreakerA: 32 },
    },
    {
      id: 'network',
      name: 'Network rack (air)',
      description: 'Spine/leaf network rack, ~10 kW, air-cooled; A+B 415 V 3φ 32 A rack PDUs [U]',
      props: { widthM: 0.8, depthM: 1.2, heightM: 2.2, weightKg: 700, itPowerKw: 10, liquidFraction: 0, airDeltaTK: 12, requiredSupplyTempC: 45, coldPlateDpKpa: 0, cordCount: 2, feedVoltageV: 415, feedPhases: 3, cordBreakerA: 32 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'itPowerKw', label: 'IT power', quantity: 'power', min: 0, max: 500, step: 1, source: 'S' },
    { key: 'liquidFraction', label: 'Liquid share of heat', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'S' },
    { key: 'airDeltaTK', label: 'Air ΔT', quantity: 'deltaT', min: 1, max: 40, step: 0.5, source: 'S' },
    { key: 'requiredSupplyTempC', label: 'Max coolant supply', quantity: 'temperature', min: 5, max: 60, step: 0.5, source: 'S' },
    { key: 'coldPlateDpKpa', label: 'Cold-plate ΔP', quantity: 'pressure', min: 0, max: 500, step: 1, source: 'U' },
    { key: 'cordCount', label: 'Power cords', quantity: 'count', min: 0, max: 16, step: 1, help: 'A + B together; the cords are shared equally among the rack\'s power connections' },
    { key: 'feedVoltageV', label: 'Cord voltage', quantity: 'voltage', min: 100, max: 1000, step: 1, source: 'S', help: 'line-to-line for 3φ cords (415, 480 V), the cord\'s own voltage for 1φ (230, 277 V); checked against the supply (±10 %)' },
    {
      key: 'feedPhases',
      label: 'Cord phases',
      quantity: 'count',
      options: [
        { value: 3, label: 'three-phase' },
        { value: 1, label: 'single-phase' },
      ],
      source: 'S',
    },
    { key: 'cordBreakerA', label: 'Cord / inlet rating', quantity: 'current', min: 1, max: 1200, step: 1, source: 'S', help: 'the smaller of this and the supply\'s branch / tap-off breaker limits each cord (80 % continuous)' },
  ],
  look: (p) => fitLook(look(p), p),
  electricalKw: (p) => p.itPowerKw,
  heatToAirKw: (p) => p.itPowerKw * (1 - p.liquidFraction),
  heatToLiquidKw: (p) => p.itPowerKw * p.liquidFraction,
  summary: (p) => `${fmtKw(p.itPowerKw)}${p.liquidFraction > 0 ? ` · ${Math.round(p.liquidFraction * 100)} % liquid` : ' · air'}`,
};
