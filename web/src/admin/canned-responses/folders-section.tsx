import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button, EmptyState, TextField } from '../../ui/index.ts';
import { DeleteDialog } from '../delete-dialog.tsx';
import { FormError, fieldError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { CANNED_RESPONSES, FOLDERS, type Folder, useFolders } from './canned-api.ts';

/** Folders group the responses in the agents' picker; deleting one keeps its responses, folderless. */
export function FoldersSection() {
  const folders = useFolders();
  const [deleting, setDeleting] = useState<Folder | null>(null);
  const create = useAdminMutation({
    mutationFn: async (name: string) =>
      unwrap(await api.POST('/api/v1/canned-response-folders', { body: { name } })),
    invalidates: [FOLDERS],
    success: (folder) => `Folder “${folder.name}” created`,
  });
  const remove = useAdminMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/canned-response-folders/{id}', { params: { path: { id } } })),
    invalidates: [FOLDERS, CANNED_RESPONSES],
    success: 'Folder deleted',
    onSuccess: () => setDeleting(null),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    create.mutate(String(new FormData(form).get('name')).trim(), { onSuccess: () => form.reset() });
  };
  return (
    <section className="admin-section" aria-labelledby="folders-heading">
      <h2 id="folders-heading">Folders</h2>
      <QueryList query={folders} noun="Folders" lines={2} empty={<EmptyState title="No folders yet" />}>
        {(items) => (
          <ul className="member-list">
            {items.map((folder) => (
              <FolderItem key={folder.id} folder={folder} onDelete={() => setDeleting(folder)} />
            ))}
          </ul>
        )}
      </QueryList>
      <form className="inline-form" onSubmit={submit} aria-label="New folder">
        <TextField
          label="New folder"
          name="name"
          required
          maxLength={100}
          error={fieldError(create.error, 'name')}
        />
        <Button type="submit" disabled={create.isPending}>
          Create folder
        </Button>
      </form>
      <FormError error={create.error} fields={['name']} />
      <DeleteDialog noun="folder" item={deleting} remove={remove} onClose={() => setDeleting(null)}>
        <p>Its responses stay, in no folder.</p>
      </DeleteDialog>
    </section>
  );
}

function FolderItem({ folder, onDelete }: { folder: Folder; onDelete: () => void }) {
  const [renaming, setRenaming] = useState(false);
  const rename = useAdminMutation({
    mutationFn: async (name: string) =>
      unwrap(
        await api.PATCH('/api/v1/canned-response-folders/{id}', {
          params: { path: { id: folder.id } },
          body: { name },
        }),
      ),
    invalidates: [FOLDERS],
    success: 'Folder renamed',
    onSuccess: () => setRenaming(false),
  });
  if (renaming) {
    return (
      <li>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate(String(new FormData(event.currentTarget).get('name')).trim());
          }}
        >
          <TextField
            label={`New name for ${folder.name}`}
            hideLabel
            name="name"
            required
            maxLength={100}
            defaultValue={folder.name}
            autoFocus
            error={fieldError(rename.error, 'name') ?? (rename.error ? rename.error.message : null)}
          />
          <Button type="submit" size="small" variant="primary" disabled={rename.isPending}>
            Save
          </Button>
          <Button size="small" onClick={() => setRenaming(false)}>
            Cancel
          </Button>
        </form>
      </li>
    );
  }
  return (
    <li>
      {folder.name}
      <Button size="small" variant="ghost" onClick={() => setRenaming(true)}>
        Rename<span className="visually-hidden"> {folder.name}</span>
      </Button>
      <Button size="small" variant="ghost" onClick={onDelete}>
        Delete<span className="visually-hidden"> {folder.name}</span>
      </Button>
    </li>
  );
}
