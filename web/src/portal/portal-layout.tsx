import { useQuery } from '@tanstack/react-query';
import { type CSSProperties, useEffect } from 'react';
import { Link, NavLink, Outlet, useNavigate, useOutletContext, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../api/client.ts';
import { Button, EmptyState, InlineError, Skeleton } from '../ui/index.ts';
import { brandColors } from './brand-colors.ts';
import type { Branding } from './portal-types.ts';
import { isSignedInTo, usePortalMe, usePortalSignOut } from './session.tsx';

/** What every page under /portal/:slug gets from the layout. */
export type PortalContext = { slug: string; branding: Branding };
export const usePortal = () => useOutletContext<PortalContext>();

const useBranding = (slug: string) =>
  useQuery({
    queryKey: ['portal-branding', slug],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/portal/organizations/{slug}', { params: { path: { slug } } })),
    staleTime: 5 * 60_000,
  });

/** The organization's frame around every portal page: its name, logo and colour, and the navigation. */
export function PortalLayout() {
  const { slug = '' } = useParams();
  const branding = useBranding(slug);
  const name = branding.data?.name;
  useEffect(() => {
    if (name) document.title = `${name} support`;
  }, [name]);

  if (branding.isPending) return <Skeleton lines={4} />;
  if (branding.isError) {
    const missing = branding.error instanceof ApiError && [400, 404].includes(branding.error.status);
    return (
      <main className="portal-main">
        {missing ? (
          <EmptyState title="There is no support portal at this address" />
        ) : (
          <InlineError>The portal could not be loaded: {branding.error.message}</InlineError>
        )}
      </main>
    );
  }
  const { brand, brandText } = brandColors(branding.data.brandColor);
  const style = { '--brand': brand, '--brand-text': brandText } as CSSProperties;
  return (
    <div className="portal" style={style}>
      <header className="portal-header">
        <Link to={`/portal/${slug}`} className="portal-brand">
          {branding.data.logoUrl && <img src={branding.data.logoUrl} alt="" className="portal-logo" />}
          <span>{branding.data.name}</span>
        </Link>
        <PortalNav slug={slug} />
      </header>
      <main className="portal-main" id="main">
        <Outlet context={{ slug, branding: branding.data } satisfies PortalContext} />
      </main>
    </div>
  );
}

function PortalNav({ slug }: { slug: string }) {
  const me = usePortalMe();
  const signOut = usePortalSignOut();
  const navigate = useNavigate();
  if (!isSignedInTo(me.data, slug)) return null;
  const home = `/portal/${slug}`;
  return (
    <nav aria-label="Portal" className="portal-nav">
      <NavLink to={home} end>
        New request
      </NavLink>
      <NavLink to={`${home}/requests`}>My requests</NavLink>
      <NavLink to={`${home}/account`}>{me.data.contact.name || me.data.contact.email}</NavLink>
      <Button
        size="small"
        onClick={() => {
          // Leave the signed-in page first, or it would ask to sign in again to come back to it.
          navigate(`${home}/sign-in`);
          signOut.mutate();
        }}
      >
        Sign out
      </Button>
    </nav>
  );
}
