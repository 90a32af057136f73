import { useTranslation } from 'react-i18next';
import { stepOrder, type Step } from './model';
import { useCheckoutStyles } from './styles';

/** "1 Select options · 2 Review pricing · 3 Payment · 4 Confirmation", the current one marked. */
export function StepList({ step }: { step: Step }) {
  const styles = useCheckoutStyles();
  const { t } = useTranslation();
  const currentIndex = stepOrder.indexOf(step);
  return (
    <ol
      className={styles.steps}
      aria-label={t('buy.stepOf', { step: currentIndex + 1, total: 4, name: t(`buy.steps.${step}`) })}
    >
      {stepOrder.map((s, index) => (
        <li
          key={s}
          className={index === currentIndex ? `${styles.step} ${styles.stepCurrent}` : styles.step}
          aria-current={index === currentIndex ? 'step' : undefined}
        >
          <span className={styles.stepNumber} aria-hidden>
            {index + 1}
          </span>
          {t(`buy.steps.${s}`)}
        </li>
      ))}
    </ol>
  );
}
