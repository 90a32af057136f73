import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, call, newIdempotencyKey } from '../../api/client';
import { keys } from '../../api/queries';
import type { CheckoutItem, Order, PaymentChoice, Quote } from '../../api/types';

/**
 * The checkout's data: the quote of the options chosen, the order with its Idempotency-Key, and
 * what the rest of the admin center must reload once it is placed.
 */
export function useCheckout() {
  const queryClient = useQueryClient();
  const [quote, setQuote] = useState<Quote | undefined>();
  const [order, setOrder] = useState<Order | undefined>();
  // One Idempotency-Key per order body: the same order sent twice (double click, retry after a
  // lost answer) is placed once. A different body (another card after a decline) is a new attempt.
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);

  const quoteMutation = useMutation({
    mutationFn: (item: CheckoutItem) => call(api.POST('/api/checkout/quote', { body: { items: [item] } })),
    onSuccess: setQuote,
  });

  const placeMutation = useMutation({
    // The payment is asked for only now: a new card is handed to the gateway first (its pm_… id
    // goes in the order), and a refusal there is this order's error, shown at the card's fields.
    mutationFn: async ({
      item,
      payment: choosePayment,
    }: {
      item: CheckoutItem;
      payment: () => Promise<PaymentChoice | undefined>;
    }) => {
      const payment = await choosePayment();
      const body = { items: [item], ...(payment ? { payment } : {}) };
      const text = JSON.stringify(body);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      return call(
        api.POST('/api/orders', {
          body,
          params: { header: { 'idempotency-key': attempt.current.key } },
        }),
      );
    },
    onSuccess: (placed) => {
      setOrder(placed);
      void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
      void queryClient.invalidateQueries({ queryKey: ['catalog', 'addons'] });
      void queryClient.invalidateQueries({ queryKey: keys.licenses });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: keys.paymentMethods });
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
    },
  });

  return {
    quote,
    /** Options changed: the last quote no longer says what would be bought. */
    forgetQuote: () => setQuote(undefined),
    requestQuote: quoteMutation.mutateAsync,
    quoting: quoteMutation.isPending,
    quoteError: quoteMutation.error,
    order,
    place: placeMutation.mutate,
    placing: placeMutation.isPending,
    placeError: placeMutation.error,
  };
}

export type CheckoutData = ReturnType<typeof useCheckout>;
