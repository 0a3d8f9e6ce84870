/**
 * The UI kit: the few building blocks every feature shares, so a dialog, a tab strip or a toast
 * looks and behaves the same everywhere. It knows no feature and no host call.
 */
export { Button, IconButton, LinkButton, type ButtonVariant } from './Button';
export { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
export { EmptyState } from './EmptyState';
export { FormField } from './FormField';
export { Icon, type IconName } from './Icon';
export { Kbd } from './Kbd';
export { Modal } from './Modal';
export { ModalHeader } from './ModalHeader';
export { Tabs, type TabItem, type TabPanelProps } from './Tabs';
export { ToastViewport } from './ToastViewport';
export {
  toasts,
  ToastStore,
  type Toast,
  type ShowToast,
  type ToastAction,
  type ToastTone,
} from './toast-store';
export { useDismiss } from './useDismiss';
export { useToasts } from './useToasts';
