import type { ReactNode } from 'react';
import type { Priority, ResponseOf, Status, TicketField } from '../../api/types.ts';

type Agent = ResponseOf<'/api/v1/agents', 'get'>['items'][number];

/** The organization's data the value editors offer to choose from. */
export type RuleLookups = {
  statuses: Status[];
  priorities: Priority[];
  teams: { id: string; name: string }[];
  agents: Agent[];
  fields: TicketField[];
};

/** Messages for fields left empty, by field name within the part (`words`, `teamId`). */
export type Problems = Record<string, string>;

export type PartEditorProps<T> = {
  value: T;
  onChange: (value: T) => void;
  /** What to show beside one of the part's fields: the missing value, or the server's 422 about it. */
  errorOf: (field: string) => string | null;
  /** A label prefix that tells rows apart for screen readers and tests ("Condition 2"). */
  name: string;
  lookups: RuleLookups;
  /** The field an update trigger watches, for conditions whose values depend on it (`changed`). */
  triggerField: string | undefined;
};

/** One kind of trigger, condition or action: how it is named, started and edited. */
export type Kind<U extends { type: string }> = {
  type: U['type'];
  label: string;
  blank: () => U;
  /** Required values still missing; the rule is not sent while any are. */
  problems: (value: U) => Problems;
  /** The kind's value editor for a part of this kind (nothing for a part of another kind). */
  render: (props: PartEditorProps<U>) => ReactNode;
};

type Of<U, K> = Extract<U, { type: K }>;

type KindSpec<T> = {
  label: string;
  blank: () => T;
  problems?: (value: T) => Problems;
  Editor?: (props: PartEditorProps<T>) => ReactNode;
};

/**
 * The entry-maker for one part's list of kinds: each entry is written against its own member of
 * the union, and the list holds them side by side. A new kind is one more entry.
 */
export const kindsOf =
  <U extends { type: string }>() =>
  <K extends U['type']>(type: K, spec: KindSpec<Of<U, K>>): Kind<U> => {
    const isKind = (value: U): value is Of<U, K> => value.type === type;
    const { Editor, problems } = spec;
    return {
      type,
      label: spec.label,
      blank: spec.blank,
      problems: (value) => (problems && isKind(value) ? problems(value) : {}),
      render: ({ value, ...props }) => (Editor && isKind(value) ? <Editor value={value} {...props} /> : null),
    };
  };

export const kindNamed = <U extends { type: string }>(kinds: Kind<U>[], type: string) =>
  kinds.find((kind) => kind.type === type);

/** The message for a required field when it is empty, keyed by the field. */
export const required = (field: string, empty: boolean, message: string): Problems =>
  empty ? { [field]: message } : {};
