import type { Macro, MacroAction } from '../../api/types.ts';

/** Select value for "set to none" (unassign, no team); an empty value keeps the field as it is. */
export const NONE = '__none__';

/** The form's fields, one per kind of action it offers. */
export type MacroFields = {
  statusId: string;
  priorityId: string;
  teamId: string;
  assigneeId: string;
  addTags: string;
  removeTags: string;
  note: string;
  replyBody: string;
  cannedResponseId: string;
};

const tagList = (text: string) => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((tag) => tag.trim())
      .filter(Boolean),
  ),
];

const find = <T extends MacroAction['type']>(actions: MacroAction[], type: T) =>
  actions.find((action): action is Extract<MacroAction, { type: T }> => action.type === type);

const orNone = (id: string | null | undefined) => (id === null ? NONE : (id ?? ''));

/** A saved macro's actions as the form shows them. */
export function fieldsOf(macro: Macro | null): MacroFields {
  const actions = macro?.actions ?? [];
  const reply = find(actions, 'reply');
  return {
    statusId: find(actions, 'set_status')?.statusId ?? '',
    priorityId: find(actions, 'set_priority')?.priorityId ?? '',
    teamId: orNone(find(actions, 'set_team')?.teamId),
    assigneeId: orNone(find(actions, 'set_assignee')?.assigneeId),
    addTags: find(actions, 'add_tags')?.tags.join(', ') ?? '',
    removeTags: find(actions, 'remove_tags')?.tags.join(', ') ?? '',
    note: find(actions, 'add_internal_note')?.body ?? '',
    replyBody: reply && 'body' in reply ? reply.body : '',
    cannedResponseId: reply && 'cannedResponseId' in reply ? reply.cannedResponseId : '',
  };
}

/**
 * The form's fields as actions, in the order they apply; actions the form does not show (custom
 * fields set through the API) are kept as they were.
 */
export function actionsOf(fields: MacroFields, kept: MacroAction[]): MacroAction[] {
  const id = (value: string) => (value === NONE ? null : value);
  const actions: MacroAction[] = [];
  if (fields.statusId) actions.push({ type: 'set_status', statusId: fields.statusId });
  if (fields.priorityId) actions.push({ type: 'set_priority', priorityId: fields.priorityId });
  if (fields.teamId) actions.push({ type: 'set_team', teamId: id(fields.teamId) });
  if (fields.assigneeId) actions.push({ type: 'set_assignee', assigneeId: id(fields.assigneeId) });
  const added = tagList(fields.addTags);
  if (added.length) actions.push({ type: 'add_tags', tags: added });
  const removed = tagList(fields.removeTags);
  if (removed.length) actions.push({ type: 'remove_tags', tags: removed });
  actions.push(...kept.filter((action) => action.type === 'set_custom_field'));
  if (fields.note.trim()) actions.push({ type: 'add_internal_note', body: fields.note });
  if (fields.cannedResponseId) actions.push({ type: 'reply', cannedResponseId: fields.cannedResponseId });
  else if (fields.replyBody.trim()) actions.push({ type: 'reply', body: fields.replyBody });
  return actions;
}
