import { useState } from 'react';
import { store, useEditor } from '../app/instance';
import { KINDS } from '../catalog/registry';
import type { Category } from '../catalog/types';

const CATEGORY_LABEL: Record<Category, string> = {
  legacy: 'Legacy mining',
  it: 'IT racks',
  liquid: 'Liquid cooling',
  air: 'Air cooling',
  electrical: 'Electrical',
  'heat-rejection': 'Heat rejection',
  structure: 'Structure',
};

/** The catalog: click a model to place it with the next click in the view, or drag it onto the view. */
export function CatalogPanel() {
  const tool = useEditor((s) => s.tool);
  const custom = useEditor((s) => s.committed.customModels);
  const [open, setOpen] = useState<string | null>('it');
  const cats = [...new Set(KINDS.map((k) => k.category))];
  return (
    <section className="panel catalog" aria-labelledby="catalog-h">
      <h2 id="catalog-h">Catalog</h2>
      <p className="hint">Click a model, then click in the view to place it — or drag it onto the view.</p>
      {cats.map((c) => (
        <div key={c} className="cat-group">
          <button className="cat-head" aria-expanded={open === c} onClick={() => setOpen(open === c ? null : c)}>
            {CATEGORY_LABEL[c]}
          </button>
          {open === c && (
            <ul className="model-list">
              {KINDS.filter((k) => k.category === c).flatMap((k) =>
                [...k.models, ...custom.filter((m) => m.kind === k.kind)].map((m) => {
                  const active = tool.type === 'place' && tool.kind === k.kind && tool.model === m.id;
                  return (
                    <li key={`${k.kind}/${m.id}`}>
                      <button
                        className={active ? 'model active' : 'model'}
                        aria-pressed={active}
                        aria-label={`Place ${m.name}`}
                        title={'description' in m ? m.description : `Custom model derived from ${m.baseModel}`}
                        draggable
                        onDragStart={(e) => {
                          e.dataTransfer.setData('application/x-retrofit-model', JSON.stringify({ kind: k.kind, model: m.id }));
                          e.dataTransfer.effectAllowed = 'copy';
                        }}
                        onClick={() => store.getState().setTool(active ? { type: 'select' } : { type: 'place', kind: k.kind, model: m.id })}
                      >
                        <span className="model-name">{m.name}</span>
                        <span className="model-kind">{k.label}</span>
                      </button>
                    </li>
                  );
                }),
              )}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
