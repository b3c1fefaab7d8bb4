/**
 * "How these figures are made": the definitions of the server's gap.ts, in plain words, under a
 * disclosure so they are one click away wherever the figures are shown.
 */
import { Link } from 'react-router-dom';
import { ChevronDownIcon } from '../../ui/icons';

export function HowFiguresAreMade({ forDirector = false }: { forDirector?: boolean }) {
  return (
    <details className="access-definitions">
      <summary>
        <ChevronDownIcon size={18} />
        How these figures are made
      </summary>
      <dl className="access-definitions-list">
        <dt>Demand</dt>
        <dd>
          Children referred for trauma-focused therapy. For each center and month, Waymark takes what the
          center reported for that month if it did (“Reported”), otherwise what its treatment episodes in
          Waymark say (“Episodes in Waymark”). A period that uses both is “Mixed”; a month with neither has no
          data and is left out of every sum, not counted as 0.
        </dd>
        <dt>Trained capacity</dt>
        <dd>
          How many children a year the center’s clinicians trained or certified in an evidence-based model can
          treat, by the World Health Organization’s WISN method: a full-time clinician’s working hours in a
          year, less leave, holidays, sickness and training, less a share for other duties, divided by the
          hours one child’s treatment takes. Each clinician counts for their treatment FTE, for the part of
          the period they worked there. Untrained clinicians are listed but add no capacity.
        </dd>
        <dt>Children a year</dt>
        <dd>
          Demand is the period’s referrals scaled to a year over the months with data; capacity is scaled over
          all the period’s months. So a quarter and a year can be compared.
        </dd>
        <dt>The gap</dt>
        <dd>
          Demand minus trained capacity. A positive gap (+) is children referred beyond what trained
          clinicians can treat: they wait, are referred elsewhere or are never served. A negative gap (−) is
          spare trained capacity. Areas add up the gaps of their centers with data only.
        </dd>
        <dt>Waiting and wait time</dt>
        <dd>
          Waiting: children referred and not yet in a first session at the end of the period’s last month with
          data. Median wait: days from referral to the first session. Above one center, it is the median of
          the centers’ medians, each weighted by the children they started (exact medians cannot be added up).
        </dd>
        <dt>Hidden figures</dt>
        <dd>
          {forDirector
            ? 'Your chapter, state and the nation include other centers. A figure is hidden when what other centers add to yours is between 1 and 10 children or people, or comes from fewer than two other centers, because you could otherwise subtract your own figure and read another center’s small count.'
            : 'Center directors see their own center in full. Their chapter, state and the nation are shown with a figure hidden when what other centers add is between 1 and 10, or comes from fewer than two other centers, so that no other center’s small count can be worked out.'}
        </dd>
      </dl>
      {!forDirector && (
        <p className="small">
          The capacity parameters and their sources are on the{' '}
          <Link to="/access/parameters">capacity parameters</Link> page.
        </p>
      )}
    </details>
  );
}
