import { useId } from 'react';
import { Icon } from '../../ui';
import { useTemplates } from './useTemplates';

/** "…or start from a template": the host's templates as buttons, for the empty Notes view. */
export function TemplatePicks({ onCreate }: { onCreate: (templateId: string) => void }) {
  const { status, templates } = useTemplates();
  const baseId = useId();
  // Nothing to offer until the list is in; the sidebar's menu says why if it never comes.
  if (status !== 'ready' || templates.length === 0) return null;
  return (
    <div className="template-picks">
      <p className="hint" id={`${baseId}-label`}>
        or start from a template
      </p>
      <ul className="template-pick-list" aria-labelledby={`${baseId}-label`}>
        {templates.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              className="template-pick"
              aria-labelledby={`${baseId}-${template.id}-name`}
              aria-describedby={template.description ? `${baseId}-${template.id}-description` : undefined}
              onClick={() => onCreate(template.id)}
            >
              <Icon name="template" />
              <span className="menu-item-text">
                <span className="menu-item-name" id={`${baseId}-${template.id}-name`}>
                  {template.name}
                </span>
                {template.description && (
                  <span className="menu-item-description" id={`${baseId}-${template.id}-description`}>
                    {template.description}
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
