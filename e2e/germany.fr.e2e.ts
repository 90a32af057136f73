import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Germany cloud, in French: the source document's "o365-germany" sections word for word.
 * Facturation › Abonnements › un abonnement › Compléments › Acheter des modules
 * complémentaires › (pointer) Acheter maintenant › … › Passer la commande › Accéder à la page
 * d'accueil Administrateur; then Modifier la quantité (Nombre total de licences, flèches, Envoyer)
 * and Ajouter/supprimer des licences for a standalone add-on.
 */
describe('germany admin center in French (source document, o365-germany)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'germany', locale: 'fr-FR', prefix: 'germany-fr' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('signs in in French, chosen in the language menu over the tenant’s German', async () => {
    await signIn(
      s,
      { email: /^Adresse e-mail/, password: /^Mot de passe/, submit: /^Se connecter$/ },
      'Français',
    );
    const { page } = s;
    await page.getByRole('heading', { name: 'Accueil', level: 1 }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr-FR');
    // Germany: Billing › Subscriptions, no "Your products".
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link', { name: 'Abonnements' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Vos produits' }).count()).resolves.toBe(0);
    await s.shot('accueil');
    await s.axe('accueil');
  });

  it('buys a traditional add-on: Abonnements › abonnement › Compléments › Acheter des modules complémentaires › Acheter maintenant', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByText('Facturation', { exact: true })
      .waitFor();
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Abonnements' })
      .click();
    await page.getByRole('heading', { name: 'Abonnements', level: 1 }).waitFor();
    await s.shot('abonnements');
    await s.axe('abonnements');
    await page.getByRole('link', { name: 'Office 365 Entreprise E3', exact: true }).click();
    await page.getByRole('tab', { name: /Compléments/ }).click();
    await page.getByRole('button', { name: 'Acheter des modules complémentaires' }).click();

    await page.getByRole('heading', { name: 'Acheter des modules complémentaires', level: 1 }).waitFor();
    const card = page.locator('[data-product="addon-customer-lockbox"]');
    await card.hover();
    await s.shot('acheter-des-services-survol');
    await s.axe('acheter-des-services');
    await card.getByRole('button', { name: /^Acheter maintenant/ }).click();

    await page.getByRole('heading', { name: 'Acheter Référentiel sécurisé du client' }).waitFor();
    const quantity = page.getByRole('spinbutton', { name: 'Nombre de licences' });
    await quantity.fill('3');
    await quantity.press('Tab');
    await page.getByRole('checkbox', { name: /Attribuer automatiquement des licences/ }).waitFor();
    await s.shot('options');
    await page.getByRole('button', { name: 'Passer à la caisse' }).click();

    await page.getByRole('heading', { name: 'Vérifier les tarifs' }).waitFor();
    await page.getByText(/Au prorata de 21 jours sur 31/).waitFor();
    // 3 × 1,90 € × 21/31 = 3,86 € + 19 % de TVA = 4,59 €
    await expect.poll(() => page.getByTestId('due-today').textContent()).toMatch(/^4,59\s€$/);
    await s.shot('verifier-les-tarifs');
    await s.axe('verifier-les-tarifs');
    await page.getByRole('button', { name: 'Suivant' }).click();

    await page.getByRole('heading', { name: 'Informations de paiement' }).waitFor();
    // French typography: a narrow no-break space before the colon.
    await page.getByText(/^Total à payer aujourd’hui\u202f: \d+,\d\d\s€$/).waitFor();
    await page.getByRole('radio', { name: /^Facture/ }).check();
    await s.shot('paiement');
    await page.getByRole('button', { name: 'Passer la commande' }).click();
    await page.getByText('Merci pour votre commande').waitFor();
    await expect(page.getByTestId('order-paid').textContent()).resolves.toMatch(
      /^4,59\s€ à payer sur facture\.$/,
    );
    await expect(page.getByText(/débité/).count()).resolves.toBe(0);
    await page
      .getByText('C’est fait\u202f: 3 utilisateurs ont reçu une licence Référentiel sécurisé du client.')
      .waitFor();
    await s.shot('confirmation');
    await s.axe('confirmation');
    await page.getByRole('link', { name: 'Accéder à la page d’accueil Administrateur' }).click();
    await page.getByRole('heading', { name: 'Accueil', level: 1 }).waitFor();
  });

  it('changes the add-on quantity with the total-licenses box, its arrows and Envoyer', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Abonnements' })
      .click();
    await page.getByRole('link', { name: 'Office 365 Entreprise E3', exact: true }).click();
    await page.getByRole('tab', { name: /Compléments/ }).click();
    const addOn = page.locator('[data-addon="addon-customer-lockbox"]');
    await addOn.getByRole('button', { name: /^Modifier la quantité/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Ajouter/supprimer des licences' });
    const total = dialog.getByRole('spinbutton', { name: 'Nombre total de licences' });
    await expect(total.inputValue()).resolves.toBe('3');
    await total.press('ArrowUp');
    await total.press('ArrowUp');
    await expect(total.inputValue()).resolves.toBe('5');
    await dialog.getByText('Utilisez les flèches haut et bas').waitFor();
    await s.shot('nombre-total-de-licences');
    await s.axe('modifier-la-quantite');
    await dialog.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText(/Quantité passée à 5\./).waitFor();
    await s.shot('quantite-modifiee');
  });

  it('buys a standalone add-on, then adds licenses with Ajouter/supprimer des licences', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: /Compléments/ }).click();
    await page.getByRole('button', { name: 'Acheter des modules complémentaires' }).click();
    const card = page.locator('[data-product="addon-advanced-threat-protection"]');
    await card.hover();
    await card.getByRole('button', { name: /^Acheter maintenant/ }).click();
    const quantity = page.getByRole('spinbutton', { name: 'Nombre de licences' });
    await quantity.fill('2');
    await quantity.press('Tab');
    await page.getByRole('button', { name: 'Passer à la caisse' }).click();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('radio', { name: /^Facture/ }).check();
    await page.getByRole('button', { name: 'Passer la commande' }).click();
    await page.getByText('Merci pour votre commande').waitFor();

    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Abonnements' })
      .click();
    await page.getByRole('link', { name: 'Office 365 Online-Protection avancée contre les menaces' }).click();
    await page.getByRole('button', { name: /^Ajouter\/supprimer des licences/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Ajouter/supprimer des licences' });
    const total = dialog.getByRole('spinbutton', { name: 'Nombre total de licences' });
    await total.fill('4');
    await total.press('Tab');
    // Paid by invoice (the tenant's only payment method): due by invoice, not « débité ».
    await dialog.getByText(/^\d+,\d\d\s€ à payer sur facture \(\d+ jours sur \d+\)\.$/).waitFor();
    await s.shot('apercu-ajout');
    await dialog.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText(/Quantité passée à 4\./).waitFor();
    await page.getByRole('switch', { name: 'Facturation périodique' }).waitFor();
    await s.shot('module-autonome');
    await s.axe('module-autonome');

    // Acheté il y a quelques minutes : l’annulation rembourse, et la boîte de dialogue dit combien.
    await page.getByRole('button', { name: 'Annuler l’abonnement' }).click();
    const cancel = page.getByRole('dialog');
    const refund = cancel.getByTestId('refund-preview');
    await refund
      .getByText(/^Office 365 Online-Protection avancée contre les menaces\u202f: \d+,\d\d\s€$/)
      .waitFor();
    await refund.getByText(/^Remboursement total\u202f: \d+,\d\d\s€ \(taxes comprises\)$/).waitFor();
    await s.shot('apercu-remboursement');
    await s.axe('apercu-remboursement');
    await cancel.getByRole('button', { name: 'Conserver l’abonnement' }).click();
    await cancel.waitFor({ state: 'detached' });
  });

  it('shows the available add-ons table in French, for this cloud', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Modules complémentaires disponibles' })
      .click();
    await page.getByRole('columnheader', { name: 'Disponible dans les abonnements suivants' }).waitFor();
    await page.getByRole('cell', { name: 'Référentiel sécurisé du client' }).waitFor();
    // MyAnalytics is sold by the worldwide instance only (sample catalog).
    await expect(page.getByRole('cell', { name: 'Microsoft MyAnalytics' }).count()).resolves.toBe(0);
    await s.shot('modules-disponibles');
    await s.axe('modules-disponibles');
  });
});
