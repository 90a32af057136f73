import { mergeClasses } from '@fluentui/react-components';
import { Globe20Regular } from '@fluentui/react-icons';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { chooseLanguage, currentLanguage, languages, type Language } from '../i18n';

import { useShellStyles } from './Shell.styles';

const languageNames: Record<Language, string> = {
  'en-US': 'English',
  'fr-FR': 'Français',
  'de-DE': 'Deutsch',
  'zh-CN': '简体中文',
};

/** The language menu (a native select: light, and every screen reader knows it). */
export function LanguageMenu({ onDark = false }: { onDark?: boolean }) {
  const styles = useShellStyles();
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  return (
    <span className={styles.language}>
      <Globe20Regular aria-hidden />
      <label htmlFor={id} className="visually-hidden">
        {t('app.language')}
      </label>
      <select
        id={id}
        className={mergeClasses(styles.select, !onDark && styles.selectLight)}
        value={language}
        onChange={(event) => chooseLanguage(event.target.value as Language)}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </span>
  );
}

export function NavItem({
  to,
  icon,
  children,
  sub = false,
}: {
  to: string;
  icon?: React.ReactNode;
  children: string;
  sub?: boolean;
}) {
  const styles = useShellStyles();
  return (
    <li>
      <NavLink to={to} end={to === '/'} className={mergeClasses(styles.link, sub && styles.subLink)}>
        {icon}
        {children}
      </NavLink>
    </li>
  );
}

export function NavGroup({
  icon,
  label,
  children,
}: {
  icon: React.ReactNode;
  label: string;
  children: React.ReactNode;
}) {
  const styles = useShellStyles();
  const id = useId();
  return (
    <li>
      <span className={styles.group} id={id}>
        {icon}
        {label}
      </span>
      <ul className={styles.list} aria-labelledby={id}>
        {children}
      </ul>
    </li>
  );
}
