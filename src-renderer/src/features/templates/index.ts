/** Note templates: the sidebar's "New from template" menu and the empty list's picks. */
export { TemplateMenu } from './TemplateMenu';
export { TemplatePicks } from './TemplatePicks';
export { TemplatesStore } from './templates-store';
