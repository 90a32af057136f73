import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken } from '../test/support/harness.js';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Worldwide cloud, in French: the source document's "o365-worldwide" sections. Facturation ›
 * Acheter des services › Compléments › … › Passer à la caisse › Suivant › Passer la commande ›
 * Accéder à la page d'accueil Administrateur; Vos produits › Compléments › Modifier la quantité ›
 * Soumettre la modification. Also: the base subscription chooser, storage bought in GB, the
 * language menu, a support request.
 */
describe('worldwide admin center in French (source document, o365-worldwide)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'fr-FR', prefix: 'worldwide-fr' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('signs in and switches language with the language menu', async () => {
    await signIn(
      s,
      { email: /^Adresse e-mail/, password: /^Mot de passe/, submit: /^Se connecter$/ },
      'Français',
    );
    const { page } = s;
    await page.getByRole('heading', { name: 'Accueil', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('English');
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Your products' })
      .waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('Français');
    await page.getByRole('heading', { name: 'Accueil', level: 1 }).waitFor();
    await s.shot('accueil');
  });

  it('buys storage (GB) from Acheter des services › Compléments, choosing the base subscription', async () => {
    const { page } = s;
    // The demo's E3 already carries storage; an Office 365 E1 makes two bases that can take it.
    const login = await s.server.request('POST', '/api/auth/login', {
      body: { email: 'admin@contoso.example', password: 'BillingCenter!2026' },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const e1 = await s.server.request('POST', '/api/orders', {
      cookie,
      body: { items: [{ productId: 'o365-e1', quantity: 5 }], payment: { method: 'invoice' } },
    });
    expect(e1.status).toBe(201);
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Acheter des services' })
      .click();
    await page.getByRole('heading', { name: 'Acheter des services', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Compléments', level: 2 }).waitFor();
    // Needs Office 365 E5, which the demo tenant does not have: the card says so.
    await page
      .locator('[data-product="addon-domestic-calling-plan"]')
      .getByText(/Office 365 Entreprise E5/)
      .waitFor();
    await s.shot('acheter-des-services');
    await s.axe('acheter-des-services');
    await page
      .getByRole('list', { name: 'Compléments' })
      .getByRole('button', { name: 'Acheter – Espace de stockage supplémentaire Office 365' })
      .click();

    const quantity = page.getByRole('spinbutton', { name: 'Stockage (Go)' });
    await quantity.fill('25');
    await quantity.press('Tab');
    // Storage belongs to the whole organization: nothing to assign.
    await expect(page.getByRole('checkbox', { name: /Attribuer automatiquement/ }).count()).resolves.toBe(0);
    // Two subscriptions can take it (Business Standard, E1; E3 has storage already): the chooser is shown.
    await page.getByRole('button', { name: 'Passer à la caisse' }).click();
    await page.getByText(/conviennent ; sélectionnez-en un/).waitFor();
    await s.shot('abonnement-de-base-requis');
    await s.axe('options');
    await page.getByRole('combobox', { name: /Abonnement de base/ }).click();
    await page.getByRole('option', { name: /^Microsoft 365 Business Standard/ }).click();
    await page.getByRole('button', { name: 'Passer à la caisse' }).click();

    await page.getByRole('heading', { name: 'Vérifier les tarifs' }).waitFor();
    await page.getByText('25 Go').waitFor();
    await s.shot('verifier-les-tarifs');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('radio', { name: /^Facture/ }).check();
    await page.getByRole('button', { name: 'Passer la commande' }).click();
    await page.getByText('Merci pour votre commande').waitFor();
    await s.shot('confirmation');
    await page.getByRole('link', { name: 'Accéder à la page d’accueil Administrateur' }).click();
    await page.getByRole('heading', { name: 'Accueil', level: 1 }).waitFor();
  });

  it('changes its quantity: Vos produits › abonnement › Compléments › Modifier la quantité › Soumettre la modification', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Vos produits' })
      .click();
    await page.getByRole('heading', { name: 'Vos produits', level: 1 }).waitFor();
    await s.shot('vos-produits');
    await s.axe('vos-produits');
    await page.getByRole('link', { name: 'Microsoft 365 Business Standard', exact: true }).click();
    await page.getByRole('tab', { name: /^Composants additionnels/ }).click();
    const addOn = page.locator('[data-addon="addon-extra-file-storage"]');
    await addOn.getByRole('button', { name: /^Modifier la quantité/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Modifier la quantité' });
    const total = dialog.getByRole('spinbutton', { name: 'Stockage total (Go)' });
    await total.fill('40');
    await total.press('Tab');
    // L’aperçu (dry run) avant d’envoyer : co-terminé avec l’abonnement, au prorata des jours.
    await dialog
      // Payé sur facture (le seul moyen de paiement du client) : « à payer », pas « débité ».
      .getByText(/^\d+,\d\d\s\$US à payer sur facture \(\d+ jours sur \d+\)\.$/)
      .waitFor();
    await s.shot('modifier-la-quantite');
    await dialog.getByRole('button', { name: 'Soumettre la modification' }).click();
    await page.getByText(/Quantité passée à 40\./).waitFor();
    await s.shot('quantite-modifiee');
    await s.axe('complements');
  });

  it('turns recurring billing off (Facturation périodique) and asks support to remove a traditional add-on', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Vue d’ensemble' }).click();
    const recurring = page.getByRole('switch', { name: 'Facturation périodique' });
    await recurring.click();
    await page
      .getByRole('dialog', { name: /^Désactiver la facturation périodique de / })
      .getByRole('button', { name: 'Désactiver la facturation périodique' })
      .click();
    await page.getByText('La facturation périodique est désactivée.').waitFor();
    await s.shot('facturation-periodique');
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Accueil' }).click();
    // What needs attention: the subscription that will not renew.
    await page.getByText(/la facturation périodique est désactivée\u202f; il expire le/).waitFor();

    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Vos produits' })
      .click();
    await page.getByRole('link', { name: 'Espace de stockage supplémentaire Office 365' }).first().click();
    await page.getByText('Vous ne pouvez pas supprimer ce module complémentaire').waitFor();
    await page
      .getByRole('button', { name: 'Contacter le support pour supprimer ce module complémentaire' })
      .click();
    const removal = page.getByRole('dialog', { name: /^Demander au support de supprimer / });
    await removal.getByLabel('Motif de la suppression').fill('Nous n’en avons plus besoin.');
    await removal.getByRole('button', { name: 'Ouvrir la demande de support' }).click();
    await page
      .getByText(/^Demande de support «\u202fSupprimer le module complémentaire .+\u202f» ouverte le /)
      .waitFor();
    await s.shot('demande-de-support');
    await s.axe('module-traditionnel');
    await page.getByRole('link', { name: 'Afficher les demandes de support' }).click();
    await page.getByRole('heading', { name: 'Demandes de support', level: 1 }).waitFor();
    await page.getByText('Suppression d’un module complémentaire').waitFor();
    // The subject in French (rendered by the server from the request’s record), and no raw request id.
    await page
      .getByRole('link', {
        name: 'Supprimer le module complémentaire Espace de stockage supplémentaire Office 365',
      })
      .waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/Remove add-on|sr_/);
    await s.shot('demandes-de-support');

    // Une demande : ses messages, une zone pour en ajouter ; fermée, elle le dit.
    await page.locator('[data-request]').first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Messages', level: 2 }).waitFor();
    await page.getByLabel('Ajouter un message').fill('Merci de le supprimer à la fin du mois.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Votre message a été ajouté.').waitFor();
    await s.shot('demande-messages');
    await s.axe('demande-messages');
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const resolved = await s.server.request('POST', `/api/operator/support-requests/${id}/resolve`, {
      token: operatorToken,
      body: { action: 'close', resolution: 'Le module sera supprimé au renouvellement.' },
    });
    expect(resolved.status).toBe(200);
    await page.reload();
    await page.getByText(/^Cette demande est fermée \(Résolue\)/).waitFor();
    await page.getByText('Le module sera supprimé au renouvellement.').waitFor();
    await expect(page.getByRole('button', { name: 'Envoyer' }).count()).resolves.toBe(0);
    await s.shot('demande-fermee');
    await s.axe('demande-fermee');
  });

  it('lists the bills in French (Facturation › Factures) and opens one', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Factures' })
      .click();
    await page.getByRole('heading', { name: 'Factures', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Factures' });
    await table.getByRole('cell', { name: 'Modification de quantité' }).first().waitFor();
    await table.getByRole('cell', { name: 'À payer' }).first().waitFor();
    await expect
      .poll(() => table.getByTestId('invoice-total').first().textContent())
      .toMatch(/^\d[\d\s]*,\d\d\s\$US$/);
    await s.shot('factures');
    await s.axe('factures');
    await table
      .getByRole('row')
      .filter({ hasText: 'Modification de quantité' })
      .first()
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^Facture INV-\d+$/, level: 1 }).waitFor();
    await page.getByRole('columnheader', { name: 'Prix unitaire' }).waitFor();
    // The line in French as the server renders it from its record (docs/records.md).
    const line = page.locator('table[aria-labelledby="bill-lines"] tbody tr').first();
    await line
      .getByText(/^Espace de stockage supplémentaire Office 365\u202f: \+\d+ Go \(\d+ → \d+\)$/)
      .waitFor();
    // Its day count once, in the period column beside the dates.
    expect((await line.innerText()).match(/\d+ jours sur \d+/g)).toHaveLength(1);
    await expect(line.getByRole('cell').nth(1).innerText()).resolves.toMatch(/\d+ jours sur \d+\)$/);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/ of \d+ days|credit for/);
    await s.shot('facture');
    await s.axe('facture');
  });

  it('adds a card in Modes de paiement, the expiry error shown next to its field', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Modes de paiement' })
      .click();
    await page.getByRole('heading', { name: 'Modes de paiement', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une carte' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ajouter une carte' });
    await dialog.getByLabel(/^Numéro de carte/).fill('4242 4242 4242 4242');
    await expect(dialog.getByLabel(/^Expiration/).getAttribute('placeholder')).resolves.toBe('MM/AA');
    await dialog.getByLabel(/^Expiration/).fill('01/21');
    await dialog.getByLabel(/^Code de sécurité/).fill('123');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('La carte a expiré.').waitFor();
    await expect(dialog.getByLabel(/^Expiration/).getAttribute('aria-invalid')).resolves.toBe('true');
    await s.shot('modes-de-paiement-carte-expiree');
    await s.axe('modes-de-paiement-carte-expiree');
    // MMAA sans barre oblique est accepté.
    await dialog.getByLabel(/^Expiration/).fill('0131');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('VISA se terminant par 4242 a été ajouté.').waitFor();
    await page
      .getByRole('list', { name: 'Modes de paiement' })
      .getByRole('heading', { name: 'VISA se terminant par 4242' })
      .waitFor();
    await s.shot('modes-de-paiement');
    await s.axe('modes-de-paiement');
  });
});
