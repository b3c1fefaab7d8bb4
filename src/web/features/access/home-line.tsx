/**
 * One line on a director's home page: their center's access gap over the last 12 months, with a
 * link to the access page. Says nothing while loading or when the figures cannot be read: the
 * home page has more urgent things to show than an error about this.
 */
import { Link } from 'react-router-dom';
import { useGap } from './access-api';
import { describeGap } from './access-model';

export function AccessGapLine({ centerId }: { centerId: string }) {
  const gap = useGap({ level: 'center', period: 'last12', centerId, trendMonths: 12 });
  const row = gap.data?.rows.find((r) => r.key === centerId);
  if (!row) return null;
  const v = row.figures.gapPerYear;
  return (
    <p className="muted" style={{ margin: 0 }}>
      Access gap over the last 12 months: {v === null ? 'no demand figures yet' : describeGap(v)}.{' '}
      <Link to="/access">See where children wait</Link>
    </p>
  );
}
