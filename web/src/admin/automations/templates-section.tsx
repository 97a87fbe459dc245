import { Link } from 'react-router';
import { Button, EmptyState } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { enableTemplate, RULES, useTemplates } from './automations-api.ts';

/** Ready-made rules, each enabled with one click as an ordinary rule, last in order. */
export function TemplatesSection() {
  const templates = useTemplates();
  const enable = useAdminMutation({
    mutationFn: enableTemplate,
    invalidates: [RULES],
    success: (rule) => `Rule “${rule.name}” enabled`,
  });
  return (
    <section aria-labelledby="templates-title" className="templates">
      <h2 id="templates-title">Templates</h2>
      <QueryList query={templates} noun="Templates" empty={<EmptyState title="No templates" />}>
        {(items) => (
          <ul className="option-list" aria-label="Templates">
            {items.map((template) => (
              <li key={template.key} className="option-row policy-row">
                <span className="option-name">{template.name}</span>
                <span className="option-details">{template.description}</span>
                <span className="option-actions">
                  {template.ruleId ? (
                    // A template is enabled once; its rule is an ordinary rule from then on.
                    <Link to={`/admin/automations/${template.ruleId}`}>
                      In use: edit its rule<span className="visually-hidden"> ({template.name})</span>
                    </Link>
                  ) : (
                    <Button
                      size="small"
                      disabled={enable.isPending}
                      onClick={() => enable.mutate(template.key)}
                    >
                      Enable<span className="visually-hidden"> {template.name}</span>
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      <FormError error={enable.error} />
    </section>
  );
}
