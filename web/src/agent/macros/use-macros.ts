import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

export const MACROS_KEY = ['macros'] as const;

/** The shared macros and the agent's own, in the server's order (shared first). */
export const useMacros = (enabled = true) =>
  useQuery({
    queryKey: MACROS_KEY,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/macros', { params: { query: {} } })).items,
  });
