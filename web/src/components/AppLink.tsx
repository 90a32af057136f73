import { Link } from '@fluentui/react-components';
import { useNavigate } from 'react-router';

/** A Fluent link that navigates inside the app (a real href, so it opens in a new tab too). */
export function AppLink({
  to,
  children,
  className,
  'aria-label': ariaLabel,
}: {
  to: string;
  children: React.ReactNode;
  className?: string;
  'aria-label'?: string;
}) {
  const navigate = useNavigate();
  return (
    <Link
      href={to}
      className={className}
      aria-label={ariaLabel}
      onClick={(event: React.MouseEvent<HTMLAnchorElement>) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </Link>
  );
}
