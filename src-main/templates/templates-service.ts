import fs from 'node:fs';
import path from 'node:path';
import type { TemplateInfo } from '../../src-shared/api/templates-api';
import { parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import { QuireError } from '../errors';

export interface Template extends TemplateInfo {
  body: string;
}

export interface TemplatesService {
  list(): TemplateInfo[];
  get(id: string): Template;
}

const DESCRIPTIONS: Record<string, string> = {
  'system-architecture': 'Components, data flows and decisions of a system, with diagrams and links.',
};

/** Built-in templates are the Markdown files in `resources/templates/`; the first heading names each. */
export function createTemplatesService(deps: { templatesDir: string }): TemplatesService {
  const templates = new Map<string, Template>();
  const files = fs.existsSync(deps.templatesDir)
    ? fs.readdirSync(deps.templatesDir).filter((f) => f.endsWith('.md'))
    : [];
  for (const file of files.sort()) {
    const id = path.basename(file, '.md');
    const body = fs.readFileSync(path.join(deps.templatesDir, file), 'utf8');
    const heading = /^#\s+(.+)$/m.exec(parseFrontmatter(body).content)?.[1]?.trim();
    templates.set(id, { id, name: heading ?? id, description: DESCRIPTIONS[id] ?? '', body });
  }
  return {
    list: () => [...templates.values()].map(({ id, name, description }) => ({ id, name, description })),
    get(id) {
      const template = templates.get(id);
      if (!template) throw new QuireError('TEMPLATE_NOT_FOUND');
      return template;
    },
  };
}
