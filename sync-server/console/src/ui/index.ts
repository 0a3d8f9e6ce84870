export { Badge, type BadgeTone } from './Badge';
export { Button, type ButtonVariant } from './Button';
export { Dialog } from './Dialog';
export { EmptyState, ErrorState, Loading } from './EmptyState';
export { Field, SelectField } from './Field';
export { Menu, type MenuItem } from './Menu';
export { ProgressBar } from './ProgressBar';
export { Pager, Table, type Column } from './Table';
export { ToastProvider, useToast } from './Toast';
