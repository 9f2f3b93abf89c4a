import type { BankAgent } from './bank-types.js';
import { addWorkingMinutes } from './berlin-time.js';
import * as phrases from './phrases.js';
import { queueAt } from './recent-tickets.js';
import { bankQueue } from './service-organisation.js';
import type { TicketStory } from './ticket-story.js';

const minute = 60_000;
const day = 86_400_000;
type Channel = 'email' | 'portal' | 'phone';

/**
 * The agent's part of a ticket: lock it, answer first (late, for the tickets that breach their
 * SLA), ask back, wait for the custodian, note and account time, answer, close and unlock; now
 * and then a team lead raises the priority, a ticket is linked, a closed one comes back.
 */
export class TicketWork {
  constructor(private readonly story: TicketStory, private worker: BankAgent) {}

  private get replyChannel(): Channel {
    const { plan, random } = this.story;
    if (plan.channel === 'phone') return random.chance(0.6) ? 'phone' : 'email';
    return plan.channel === 'portal' && random.chance(0.5) ? 'portal' : 'email';
  }

  private get followUpChannel(): Channel {
    return this.story.plan.channel === 'phone' && this.story.random.chance(0.5) ? 'phone' : this.story.plan.channel;
  }

  run(): void {
    const { story } = this;
    const { plan, random, writer } = story;
    const target = writer.queue;
    const firstAnswerMinutes = plan.slowFirstAnswer ? target.sla.firstResponseMinutes * (2 + 4 * random.next())
      : plan.channel === 'phone' && target.name === 'ServiceLine' ? random.int(2, 6) : random.logNormal(target.sla.firstResponseMinutes * 0.35, 0.8);
    const answerAt = story.later(firstAnswerMinutes);
    writer.lock(Math.max(story.now + minute, answerAt - random.int(2, 15) * minute), this.worker);
    story.now = writer.lastAt;
    const solvesAtOnce = !plan.askFirst && plan.exchanges === 0 && !plan.waitMidway && plan.outcome !== 'open' && plan.outcome !== 'pending-reminder';
    if (solvesAtOnce) return this.finish(answerAt, true);
    this.answer(answerAt, plan.waitMidway && !plan.askFirst ? 'waiting' : 'question', true);
    writer.setState(story.now + random.int(1, 3) * minute, this.worker, 'open');
    if (plan.handOverToIt) this.handOverToIt();
    this.link();
    // A question is answered before anything else happens; each later round ends with the customer's word too.
    const hangs = plan.outcome === 'open' || plan.outcome === 'pending-reminder';
    const rounds = plan.askFirst || hangs ? Math.max(1, plan.exchanges) : plan.exchanges;
    for (let round = 0; round < rounds && story.room(3); round += 1) {
      if (round > 0) this.answer(story.later(random.logNormal(90, 0.8)), random.chance(0.5) ? 'question' : 'waiting');
      this.exchange();
    }
    if (plan.waitMidway) this.wait();
    if (plan.raisePriority) this.raisePriority();
    if (plan.outcome === 'open') {
      if (random.chance(0.5)) writer.unlock(story.later(random.logNormal(120, 1)), this.worker);
      return;
    }
    if (plan.outcome === 'pending-reminder') {
      this.answer(story.later(random.logNormal(60, 0.8)), 'waiting');
      writer.setState(story.now + minute, this.worker, 'pending-reminder', addWorkingMinutes(story.now + minute, random.int(1, 5) * 600));
      return;
    }
    this.finish(story.later(random.logNormal(120, 0.9)), false);
  }

  private answer(at: number, kind: 'question' | 'waiting', thank = false): void {
    const { story } = this;
    const pool = kind === 'question' ? phrases.phrasesOf(story.writer.queue.name).question : phrases.phrasesOf(story.writer.queue.name).waiting;
    story.agentSays(at, this.worker, [story.context.say(story.random.pick(pool))], this.replyChannel, thank);
  }

  /** The customer answers or asks for news; a colleague may note something, time is booked. */
  private exchange(): void {
    const { story } = this;
    const { random, writer } = story;
    const followUps = phrases.phrasesOf(writer.queue.name).followUps;
    story.customerSays(story.later(random.logNormal(180, 1)), this.worker, random.pick(followUps), this.followUpChannel, random.chance(0.15));
    if (random.chance(0.35) && story.room(3)) {
      const colleague = random.chance(0.3) ? story.staffing.colleague(random, writer.queue.group, this.worker) : null;
      story.note(story.later(random.logNormal(40, 0.8)), colleague ?? this.worker, random.pick(phrases.phrasesOf(writer.queue.name).notes));
    }
    if (random.chance(0.4)) this.accountTime(random.int(1, 6) * 5);
  }

  /** The ticket waits for the custodian, the issuer or the vendor; the reminder brings it back. */
  private wait(): void {
    const { story } = this;
    const { random, writer } = story;
    const until = addWorkingMinutes(story.now + minute, random.int(1, 5) * 600);
    writer.setState(story.now + minute, this.worker, 'pending-reminder', until);
    story.now = until + random.int(5, 90) * minute;
    writer.setState(story.now, this.worker, 'open');
    if (story.room(2)) story.note(story.now + random.int(1, 20) * minute, this.worker, random.pick(phrases.phrasesOf(writer.queue.name).notes));
  }

  private raisePriority(): void {
    const { story } = this;
    const lead = story.staffing.lead(story.random, story.writer.queue.group) ?? this.worker;
    story.now = story.later(story.random.logNormal(60, 1));
    story.writer.setPriority(story.now, lead, Math.min(5, story.writer.priority + 1));
    if (story.room(2)) story.note(story.now + minute, lead, story.random.pick(phrases.internalNotes.priority));
  }

  /** The internal helpdesk passes a ticket about the settlement system on to IT operations. */
  private handOverToIt(): void {
    const { story } = this;
    const { random, writer } = story;
    if (story.room(3)) story.note(story.later(random.logNormal(30, 0.7)), this.worker, 'An IT-Betrieb übergeben: betrifft das Abwicklungssystem.');
    writer.unlock(story.now + minute, this.worker);
    writer.move(story.now + 2 * minute, this.worker, bankQueue('IT-Betrieb'));
    this.worker = story.staffing.worker(random, 'itops');
    writer.lock(story.later(random.logNormal(20, 0.8)), this.worker);
    story.now = writer.lastAt;
  }

  private link(): void {
    const { story } = this;
    const related = story.plan.relatedTo;
    if (!related) return;
    const at = story.now + story.random.int(2, 30) * minute;
    if (!story.mayLinkTo(this.worker, queueAt(related.summary, at))) return;
    story.writer.link(at, this.worker, related.summary.ticketId, related.kind);
    story.now = story.writer.lastAt;
    if (story.room(3)) story.note(story.now + minute, this.worker, phrases.internalNotes.related[related.kind === 'related' ? 0 : 1]);
  }

  private accountTime(minutes: number): void {
    const { story } = this;
    story.writer.accountTime(story.now + story.random.int(1, 5) * minute, this.worker, minutes, story.random.pick(phrases.phrasesOf(story.writer.queue.name).timeNotes));
    story.now = Math.max(story.now, story.writer.lastAt);
  }

  /** The solution (or why it cannot be done), time booked, closed (perhaps via auto-close), unlocked; maybe reopened. */
  private finish(at: number, first: boolean): void {
    const { story } = this;
    const { plan, random, writer, context } = story;
    const success = plan.outcome !== 'closed-unsuccessful';
    const sentences = [context.say(success ? random.pick(plan.topic.solution) : plan.topic.failure)];
    if (plan.viaAutoClose) sentences.push(context.say(random.pick(phrases.pendingAutoCloseTexts)));
    story.agentSays(at, this.worker, sentences, this.replyChannel, first);
    if (random.chance(0.7)) this.accountTime(random.int(1, 12) * 5);
    if (plan.viaAutoClose) {
      if (story.articles < 3) story.note(story.now + minute, this.worker, random.pick(phrases.phrasesOf(writer.queue.name).notes));
      const until = story.now + 7 * day;
      writer.setState(story.now + minute, this.worker, 'pending-auto-close', until);
      writer.unlock(story.now + 2 * minute, this.worker);
      // Kontor has no auto-close job yet: the owner closes it when the week is over.
      story.now = until + random.int(1, 120) * minute;
      writer.setState(story.now, this.worker, 'closed-successful');
    } else {
      if (story.articles < 3 || (random.chance(0.3) && story.room(plan.reopen ? 2 : 0))) {
        story.customerSays(story.later(random.logNormal(45, 1)), this.worker, random.pick(phrases.customerThanks), this.followUpChannel);
      }
      writer.setState(story.now + random.int(1, 10) * minute, this.worker, success ? 'closed-successful' : 'closed-unsuccessful');
      writer.unlock(writer.lastAt + minute, this.worker);
    }
    story.now = writer.lastAt;
    if (plan.reopen && story.room(1)) this.reopen();
  }

  private reopen(): void {
    const { story } = this;
    const { plan, random, writer, context } = story;
    story.now += random.int(1, 10) * day;
    story.customerSays(story.now, this.worker, random.pick(phrases.reopenings), plan.channel === 'phone' ? 'phone' : 'email');
    writer.lock(story.later(random.logNormal(60, 0.8)), this.worker);
    const again = [context.say(random.pick(phrases.lookedAgain)), context.say(random.pick(plan.topic.solution))];
    story.agentSays(story.later(random.logNormal(120, 0.8)), this.worker, again, this.replyChannel);
    writer.setState(story.now + minute, this.worker, 'closed-successful');
    writer.unlock(story.now + 2 * minute, this.worker);
  }
}
