import { nameOf, useAgents } from '../../api/lookups.ts';
import type { PresenceAgent } from '../../realtime/protocol.ts';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');

/**
 * The other agents on this ticket right now, and who among them is writing a reply or a note. Only
 * the kind of message is ever known, never its text.
 */
export function PresenceBar({ viewers, myId }: { viewers: PresenceAgent[]; myId: string }) {
  const agents = useAgents();
  const others = viewers
    .filter((viewer) => viewer.agentId !== myId)
    .map((viewer) => ({ ...viewer, name: nameOf(agents.data, viewer.agentId) ?? 'Another agent' }));
  const typing = others.filter((other) => other.composing !== null);
  return (
    <div className="presence">
      {others.length > 0 && (
        <ul className="presence-viewers" aria-label="Also viewing">
          {others.map((other) => (
            <li key={other.agentId} title={other.name}>
              <span className="avatar" aria-hidden="true">
                {initials(other.name)}
              </span>
              <span className="visually-hidden">{other.name}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="presence-typing" aria-live="polite">
        {typing.map((other) => (
          <span key={other.agentId}>
            {other.name} is typing {other.composing === 'note' ? 'a note' : 'a reply'}…
          </span>
        ))}
      </p>
    </div>
  );
}
