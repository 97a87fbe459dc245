-- Notification emails to agents (assigned to you, mentioned, customer replied) are deliveries too:
-- addressed to an agent instead of a contact, with their own templates. A notification's Message-ID
-- threads the agent's emailed answer to the ticket, but is never quoted to customers.

alter table email_deliveries
  alter column contact_id drop not null,
  add column agent_id uuid,
  add column notification text check (notification in ('assigned', 'mentioned', 'customer_replied')),
  -- Who caused it (the assigning or mentioning agent), named in the message.
  add column actor_agent_id uuid,
  drop constraint email_deliveries_kind_check,
  add constraint email_deliveries_kind_check check (kind in ('reply', 'acknowledgement', 'notification')),
  add constraint email_deliveries_addressee_check check (
    case when kind = 'notification' then agent_id is not null and notification is not null
         else contact_id is not null end),
  add foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade;

-- One reply delivery per comment; a comment may also cause notifications to several agents.
drop index email_deliveries_comment_key;
create unique index email_deliveries_comment_key on email_deliveries (organization_id, comment_id)
  where kind = 'reply';

alter table email_message_ids
  drop constraint email_message_ids_direction_check,
  add constraint email_message_ids_direction_check
    check (direction in ('inbound', 'outbound', 'notification'));

alter table email_templates
  drop constraint email_templates_kind_check,
  add constraint email_templates_kind_check
    check (kind in ('acknowledgement', 'assigned', 'mentioned', 'customer_replied'));
