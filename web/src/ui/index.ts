// The design system: small accessible components over plain CSS (tokens.css, ui.css).
export { Badge } from './badge.tsx';
export { Button } from './button.tsx';
export { Checkbox } from './checkbox.tsx';
export { Dialog } from './dialog.tsx';
export { EmptyState, InlineError, Kbd, Skeleton, Spinner } from './feedback.tsx';
export { LockIcon } from './lock-icon.tsx';
export { type Option, Select } from './select.tsx';
export { type SortDirection, SortHeader, Table } from './table.tsx';
export { TextArea, TextField } from './text-field.tsx';
export { ToastProvider, useToast } from './toast.tsx';
export { Toggle, type ToggleOption } from './toggle.tsx';
