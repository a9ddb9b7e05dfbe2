import { z } from 'zod';
import { IsoTimestamp, VisitType, idOf } from './common.js';

/**
 * A questionnaire is data: the widget renders it, the sandbox decides on the answers.
 * Kinds: one choice, several choices, yes/no, a date (YYYY-MM-DD), short text, a US state.
 */
export const QuestionKind = z.enum(['single_choice', 'multiple_choice', 'yes_no', 'date', 'short_text', 'us_state']);
export type QuestionKind = z.infer<typeof QuestionKind>;

export const QuestionOption = z.object({ value: z.string(), label: z.string() });
export type QuestionOption = z.infer<typeof QuestionOption>;

/**
 * Show a question only when an earlier answer matches: `equals` for yes/no and single
 * choice, `includes` for a multiple choice answer holding that value.
 */
export const QuestionCondition = z.object({
  question: z.string(),
  equals: z.union([z.string(), z.boolean()]).optional(),
  includes: z.string().optional(),
});
export type QuestionCondition = z.infer<typeof QuestionCondition>;

export const Question = z.object({
  id: z.string(),
  label: z.string(),
  /** Extra words under the label. */
  help: z.string().nullable(),
  kind: QuestionKind,
  required: z.boolean(),
  /** For single and multiple choice. */
  options: z.array(QuestionOption).nullable(),
  /** All must hold for the question to be shown (and to be answerable). */
  show_if: z.array(QuestionCondition).nullable(),
  /** For short text. */
  max_length: z.number().nullable(),
});
export type Question = z.infer<typeof Question>;

export const Questionnaire = z.object({
  visit_type: VisitType,
  title: z.string(),
  description: z.string(),
  questions: z.array(Question),
});
export type Questionnaire = z.infer<typeof Questionnaire>;

/** Answers by question ID: a string, a list of strings (multiple choice) or a boolean (yes/no). */
export const ConsultationAnswers = z.record(z.string(), z.union([z.string().max(500), z.array(z.string().max(100)).max(50), z.boolean()]));
export type ConsultationAnswers = z.infer<typeof ConsultationAnswers>;

export const ConsultationStatus = z.enum(['approved', 'denied', 'pending']);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;

/** A Letter of Medical Necessity: valid 365 days, for one visit type. */
export const Letter = z.object({
  letter_id: idOf('letter'),
  customer: z.string().nullable(),
  consultation: idOf('consultation'),
  visit_type: VisitType,
  issued_at: IsoTimestamp,
  expires_at: IsoTimestamp,
  /** `valid` until `expires_at` by the sandbox clock. */
  status: z.enum(['valid', 'expired']),
  test_mode: z.boolean(),
});
export type Letter = z.infer<typeof Letter>;

/** A consultation as the provider reports it: the decision, never the answers. */
export const Consultation = z.object({
  consultation_id: idOf('consultation'),
  checkout_session: z.string().nullable(),
  customer: z.string().nullable(),
  visit_type: VisitType,
  status: ConsultationStatus,
  /** Why, in words for the shopper, when denied or pending. */
  reason: z.string().nullable(),
  letter: Letter.nullable(),
  created_at: IsoTimestamp,
  decided_at: IsoTimestamp.nullable(),
  test_mode: z.boolean(),
});
export type Consultation = z.infer<typeof Consultation>;

/** The browser's submission: answers go up once. */
export const ConsultationSubmitRequest = z.strictObject({ answers: ConsultationAnswers });

/** Test helper: a clinician resolves a pending consultation. */
export const ConsultationResolveRequest = z.strictObject({ decision: z.enum(['approved', 'denied']) });
