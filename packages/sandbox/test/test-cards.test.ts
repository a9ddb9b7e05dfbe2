import { describe, expect, it } from 'vitest';
import { brandOf, inspectCard, luhnValid } from '../src/payments/test-cards.js';

describe("Stripe's test cards", () => {
  it.each([
    ['4242424242424242', 'visa', 'succeeds'],
    ['5555555555554444', 'mastercard', 'succeeds'],
    ['378282246310005', 'amex', 'succeeds'],
    ['6011111111111117', 'discover', 'succeeds'],
    ['4000000000009995', 'visa', 'insufficient_funds'],
    ['4000000000000002', 'visa', 'generic_decline'],
    ['4000002500003155', 'visa', 'requires_3ds'],
    ['4000002760003184', 'visa', 'requires_3ds'],
    ['4000000000000069', 'visa', 'expired_card'],
    ['4000000000000127', 'visa', 'incorrect_cvc'],
    ['4000000000009987', 'visa', 'lost_card'],
  ])('%s is a %s card that %s', (number, brand, behaviour) => {
    expect(inspectCard(number)).toEqual({ brand, last4: number.slice(-4), behaviour });
  });

  it('ignores spaces, as the card frame formats the number', () => {
    expect(inspectCard('4242 4242 4242 4242')).toEqual({ brand: 'visa', last4: '4242', behaviour: 'succeeds' });
    expect(inspectCard('3782 822463 10005')).toEqual({ brand: 'amex', last4: '0005', behaviour: 'succeeds' });
  });

  it('declines any other valid number: test mode takes no real card', () => {
    expect(inspectCard('4111111111111111')).toEqual({ brand: 'visa', last4: '1111', behaviour: 'not_a_test_card' });
    expect(inspectCard('2223003122003222')).toEqual({ brand: 'mastercard', last4: '3222', behaviour: 'not_a_test_card' });
    expect(inspectCard('3530111333300000')).toEqual({ brand: 'unknown', last4: '0000', behaviour: 'not_a_test_card' });
  });

  it('refuses a number that fails the Luhn check', () => {
    expect(inspectCard('4242424242424241')).toHaveProperty('error');
    expect(inspectCard('5555555555554445')).toHaveProperty('error');
  });

  it('refuses a number of a length its brand does not issue', () => {
    expect(inspectCard('424242424242424')).toHaveProperty('error'); // 15-digit Visa
    expect(inspectCard('3782822463100050')).toHaveProperty('error'); // 16-digit Amex
    expect(inspectCard('42424242424')).toHaveProperty('error'); // too short for any card
    expect(inspectCard('42424242424242424242')).toHaveProperty('error'); // too long for any card
  });

  it('refuses anything but digits and spaces', () => {
    expect(inspectCard('4242-4242-4242-4242')).toHaveProperty('error');
    expect(inspectCard('')).toHaveProperty('error');
  });

  it('never puts the number in its error', () => {
    const answer = inspectCard('4242424242424241');
    expect(JSON.stringify(answer)).not.toContain('424242');
  });

  it('tells brands by their leading digits', () => {
    expect(brandOf('4')).toBe('visa');
    expect(brandOf('51')).toBe('mastercard');
    expect(brandOf('2221')).toBe('mastercard');
    expect(brandOf('2720')).toBe('mastercard');
    expect(brandOf('2721')).toBe('unknown');
    expect(brandOf('34')).toBe('amex');
    expect(brandOf('37')).toBe('amex');
    expect(brandOf('6011')).toBe('discover');
    expect(brandOf('65')).toBe('discover');
    expect(brandOf('9')).toBe('unknown');
  });

  it('computes the Luhn checksum', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });
});
