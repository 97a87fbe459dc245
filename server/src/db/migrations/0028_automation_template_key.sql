-- The template a rule was enabled from, so a template is enabled once: its rule may be renamed or
-- edited and still counts; deleting the rule lets the template be enabled again.
alter table automation_rules add column template_key text;
create unique index automation_rules_template_key_idx on automation_rules (organization_id, template_key)
  where template_key is not null;
