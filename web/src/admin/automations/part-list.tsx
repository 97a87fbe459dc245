import { useRef, useState } from 'react';
import { Button, Select } from '../../ui/index.ts';
import { moveItem } from '../ticket-options/move-item.ts';
import { type Kind, kindNamed, type RuleLookups } from './rule-kinds.tsx';

type PartListProps<U extends { type: string }> = {
  legend: string;
  hint: string;
  /** Names each row for people and tests: "Condition 1", "Action 2". */
  noun: string;
  addLabel: string;
  kinds: Kind<U>[];
  items: U[];
  onChange: (items: U[]) => void;
  /** The row's path in the rule as the server names it: `conditions.all.0`, `actions.2`. */
  pathOf: (index: number) => string;
  errorAt: (path: string) => string | null;
  lookups: RuleLookups;
  triggerField: string | undefined;
};

/**
 * Keys for the rows, kept in step with the list: a row's editors hold typed text of their own, so a
 * row keeps its key when the rows around it are removed or moved.
 */
function useRowKeys(count: number) {
  const next = useRef(count);
  const [keys, setKeys] = useState(() => Array.from({ length: count }, (_, index) => index));
  return {
    keys,
    add: () => setKeys((current) => [...current, next.current++]),
    remove: (index: number) => setKeys((current) => current.filter((_, at) => at !== index)),
    move: (from: number, to: number) => setKeys((current) => moveItem(current, from, to)),
  };
}

/** A list of conditions or actions: each row a kind picker and that kind's value editor. */
export function PartList<U extends { type: string }>(props: PartListProps<U>) {
  const { legend, hint, noun, addLabel, kinds, items, onChange, pathOf, errorAt, lookups, triggerField } =
    props;
  const rows = useRowKeys(items.length);
  const replace = (index: number, item: U) => onChange(items.map((old, at) => (at === index ? item : old)));
  const add = () => {
    const [first] = kinds;
    if (!first) return;
    rows.add();
    onChange([...items, first.blank()]);
  };
  const remove = (index: number) => {
    rows.remove(index);
    onChange(items.filter((_, at) => at !== index));
  };
  const move = (from: number, to: number) => {
    rows.move(from, to);
    onChange(moveItem(items, from, to));
  };
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      <ol className="rule-parts">
        {items.map((item, index) => {
          const name = `${noun} ${index + 1}`;
          const kind = kindNamed(kinds, item.type);
          return (
            // A new kind is a new editor: its own typed text starts afresh.
            <li key={`${rows.keys[index]}-${item.type}`} className="rule-part">
              <div className="inline-form">
                <Select
                  label={name}
                  value={item.type}
                  options={kinds.map((candidate) => ({ value: candidate.type, label: candidate.label }))}
                  onChange={(event) => {
                    const chosen = kindNamed(kinds, event.target.value);
                    if (chosen) replace(index, chosen.blank());
                  }}
                />
                <Button
                  size="small"
                  variant="ghost"
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  <span aria-hidden="true">↑</span>
                  <span className="visually-hidden">Move {name} up</span>
                </Button>
                <Button
                  size="small"
                  variant="ghost"
                  disabled={index === items.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  <span aria-hidden="true">↓</span>
                  <span className="visually-hidden">Move {name} down</span>
                </Button>
                <Button size="small" onClick={() => remove(index)}>
                  Remove<span className="visually-hidden"> {name}</span>
                </Button>
              </div>
              {kind?.render({
                value: item,
                onChange: (changed) => replace(index, changed),
                errorOf: (field) => errorAt(`${pathOf(index)}.${field}`),
                name,
                lookups,
                triggerField,
              })}
            </li>
          );
        })}
      </ol>
      <div>
        <Button size="small" onClick={add}>
          {addLabel}
        </Button>
      </div>
    </fieldset>
  );
}
