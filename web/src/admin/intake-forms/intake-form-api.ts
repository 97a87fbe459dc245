import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type IntakeForm = ResponseOf<'/api/v1/intake-forms/{id}', 'get'>;
export type IntakeFormInput = BodyOf<'/api/v1/intake-forms', 'post'>;
export const INTAKE_FORMS = ['intake-forms'];

export const useIntakeForms = () =>
  useQuery({
    queryKey: INTAKE_FORMS,
    queryFn: async () => unwrap(await api.GET('/api/v1/intake-forms')).items,
  });

export const useIntakeForm = (id: string | null) =>
  useQuery({
    queryKey: [...INTAKE_FORMS, id],
    enabled: id !== null,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/intake-forms/{id}', { params: { path: { id: id ?? '' } } })),
  });

/** Creates a form, or replaces the one with `id` (its field list included). */
export async function saveIntakeForm({ id, ...body }: IntakeFormInput & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/intake-forms', { body }));
  return unwrap(await api.PATCH('/api/v1/intake-forms/{id}', { params: { path: { id } }, body }));
}

export async function setIntakeFormActive({ id, isActive }: { id: string; isActive: boolean }) {
  return unwrap(
    await api.PATCH('/api/v1/intake-forms/{id}', { params: { path: { id } }, body: { isActive } }),
  );
}

export async function deleteIntakeForm(id: string) {
  return unwrap(await api.DELETE('/api/v1/intake-forms/{id}', { params: { path: { id } } }));
}
