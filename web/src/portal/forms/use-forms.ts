import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

/** The organization's active intake forms with their fields, as the signed-in customer may use them. */
export const usePortalForms = () =>
  useQuery({
    queryKey: ['portal', 'forms'],
    queryFn: async () => unwrap(await api.GET('/api/v1/portal/forms')).items,
    staleTime: 5 * 60_000,
  });
