import { useId, useState, type ReactNode } from 'react';
import { Icon } from '../../ui';

interface SidebarSectionProps {
  title: string;
  /** Buttons shown on the header's right while hovered or focused. */
  actions?: ReactNode;
  /** Drops on the header (the folder tree's header takes a folder to the root). */
  headerProps?: React.HTMLAttributes<HTMLDivElement>;
  defaultOpen?: boolean;
  children: ReactNode;
}

/** One collapsible group of the sidebar (Bookmarks, Folders, Tags), as in Obsidian and Linear. */
export function SidebarSection({
  title,
  actions,
  headerProps,
  defaultOpen = true,
  children,
}: SidebarSectionProps) {
  const [open, setOpen] = useState(defaultOpen);
  const bodyId = useId();
  return (
    <section className="sidebar-section" aria-label={title}>
      <div {...headerProps} className={`sidebar-section-header ${headerProps?.className ?? ''}`}>
        <button
          type="button"
          className="sidebar-section-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((value) => !value)}
        >
          <span className={open ? 'section-chevron is-open' : 'section-chevron'}>
            <Icon name="chevronRight" size={12} />
          </span>
          {title}
        </button>
        {open && <div className="sidebar-section-actions">{actions}</div>}
      </div>
      <div id={bodyId} className="sidebar-section-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
