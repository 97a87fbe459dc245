import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'note';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  size?: 'normal' | 'small';
};

export function Button({ variant = 'secondary', size = 'normal', className, ...props }: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, size === 'small' ? 'btn-small' : '', className ?? ''];
  return <button type="button" {...props} className={classes.filter(Boolean).join(' ')} />;
}
