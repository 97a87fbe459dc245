import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/client.ts';
import { useToast } from '../ui/index.ts';

/**
 * Saves a new order of the list cached under `queryKey`: shows it at once and puts the old one back
 * if the server refuses it. `reorder` answers the list as the server now has it.
 */
export function useReorder<T extends { id: string }>(
  queryKey: QueryKey,
  reorder: (ids: string[]) => Promise<T[]>,
) {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: reorder,
    onMutate: async (ids: string[]) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<T[]>(queryKey);
      const byId = new Map((previous ?? []).map((item) => [item.id, item]));
      queryClient.setQueryData(
        queryKey,
        ids.flatMap((id) => byId.get(id) ?? []),
      );
      return { previous };
    },
    onError: (error, _ids, context) => {
      queryClient.setQueryData(queryKey, context?.previous);
      notify(`The new order was not saved: ${errorMessage(error)}`, 'error');
    },
    onSuccess: (items) => queryClient.setQueryData(queryKey, items),
  });
}
