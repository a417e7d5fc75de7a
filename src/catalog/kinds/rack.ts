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
}

const schema = base.extend({
  itPowerKw: num(0, 500),
  liquidFraction: num(0, 1),
  airDeltaTK: num(1, 40),
  requiredSupplyTempC: num(5, 60),
  coldPlateDpKpa: num(0, 500),
  cordCount: z.number().int().min(0).max(16),
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
      description: '72-GPU liquid-cooled rack; ~120 kW typical, 132 kW design point, ~85 % to liquid [S]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.3, weightKg: 1360, itPowerKw: 132, liquidFraction: 0.85, airDeltaTK: 15, requiredSupplyTempC: 25, coldPlateDpKpa: 80, cordCount: 8 },
    },
    {
      id: 'gb300-nvl72',
      name: 'GB300 NVL72 (liquid)',
      description: 'Blackwell Ultra NVL72; 132–140 kW, transients ≈ 1.4× steady, ~85 % to liquid [S]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.3, weightKg: 1500, itPowerKw: 140, liquidFraction: 0.85, airDeltaTK: 15, requiredSupplyTempC: 25, coldPlateDpKpa: 90, cordCount: 8 },
    },
    {
      id: 'hgx-h100-4x-air',
      name: '4 × HGX H100 (air)',
      description: 'Four 8-GPU air-cooled servers, 4 × 10.2 kW ≈ 41 kW [S]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.2, weightKg: 1100, itPowerKw: 41, liquidFraction: 0, airDeltaTK: 15, requiredSupplyTempC: 45, coldPlateDpKpa: 0, cordCount: 4 },
    },
    {
      id: 'storage',
      name: 'Storage rack (air)',
      description: 'Storage rack, 8–15 kW, air-cooled [U]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.2, weightKg: 800, itPowerKw: 12, liquidFraction: 0, airDeltaTK: 12, requiredSupplyTempC: 45, coldPlateDpKpa: 0, cordCount: 2 },
    },
    {
      id: 'network',
      name: 'Network rack (air)',
      description: 'Spine/leaf network rack, ~10 kW, air-cooled [U]',
      props: { widthM: 0.8, depthM: 1.2, heightM: 2.2, weightKg: 700, itPowerKw: 10, liquidFraction: 0, airDeltaTK: 12, requiredSupplyTempC: 45, coldPlateDpKpa: 0, cordCount: 2 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'itPowerKw', label: 'IT power', quantity: 'power', min: 0, max: 500, step: 1, source: 'S' },
    { key: 'liquidFraction', label: 'Liquid share of heat', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'S' },
    { key: 'airDeltaTK', label: 'Air ΔT', quantity: 'deltaT', min: 1, max: 40, step: 0.5, source: 'S' },
    { key: 'requiredSupplyTempC', label: 'Max coolant supply', quantity: 'temperature', min: 5, max: 60, step: 0.5, source: 'S' },
    { key: 'coldPlateDpKpa', label: 'Cold-plate ΔP', quantity: 'pressure', min: 0, max: 500, step: 1, source: 'U' },
    { key: 'cordCount', label: 'Power cords', quantity: 'count', min: 0, max: 16, step: 1 },
  ],
  look: (p) => fitLook(look(p), p),
  electricalKw: (p) => p.itPowerKw,
  heatToAirKw: (p) => p.itPowerKw * (1 - p.liquidFraction),
  heatToLiquidKw: (p) => p.itPowerKw * p.liquidFraction,
  summary: (p) => `${fmtKw(p.itPowerKw)}${p.liquidFraction > 0 ? ` · ${Math.round(p.liquidFraction * 100)} % liquid` : ' · air'}`,
};
