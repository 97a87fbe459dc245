import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../ui/index.ts';

type AdminMutation<Input, Output> = {
  mutationFn: (input: Input) => Promise<Output>;
  /** The lists this change alters; the console's own copies refresh with them. */
  invalidates: QueryKey[];
  success?: string | ((output: Output, input: Input) => string);
  onSuccess?: (output: Output, input: Input) => void;
};

/** A settings change: refreshes what it touched and confirms itself in a toast. */
export function useAdminMutation<Input = void, Output = unknown>(options: AdminMutation<Input, Output>) {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: options.mutationFn,
    onSuccess: async (output, input) => {
      await Promise.all(options.invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      const { success } = options;
      if (success) notify(typeof success === 'function' ? success(output, input) : success);
      options.onSuccess?.(output, input);
    },
  });
}
