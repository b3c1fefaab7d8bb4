/**
 * The navigation, by role: each entry lists the roles that may use the page.
 */
import type { ReactNode } from 'react';
import type { Role } from '../../api/types';
import {
  AwardIcon,
  BriefcaseIcon,
  BuildingIcon,
  CalendarIcon,
  CatalogIcon,
  ChartIcon,
  FolderIcon,
  HomeIcon,
  InboxIcon,
  LayersIcon,
  ListIcon,
  MailIcon,
  MapIcon,
  PeopleIcon,
  RouteIcon,
  SettingsIcon,
  TrendIcon,
  UploadIcon,
} from '../../ui/icons';
import { PROGRESS_ROLES } from '../pathways/lazy-pages';
import { MANAGER_ROLES, NETWORK_ROLES } from './session';
import { COHORT_ROLES } from '../cohorts/lazy-pages';
import { CARE_ROLES, OUTCOME_ROLES } from '../care/lazy-pages';
import { ACCESS_ROLES } from '../access/lazy-pages';
import { PLANNER_ROLES } from '../planner/lazy-pages';

export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  roles: Role[] | 'all';
  section: 'main' | 'admin';
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Home', icon: <HomeIcon />, roles: 'all', section: 'main' },
  { to: '/caseload', label: 'Caseload', icon: <FolderIcon />, roles: CARE_ROLES, section: 'main' },
  { to: '/outcomes', label: 'Outcomes', icon: <TrendIcon />, roles: OUTCOME_ROLES, section: 'main' },
  { to: '/access', label: 'Access', icon: <MapIcon />, roles: ACCESS_ROLES, section: 'main' },
  { to: '/access/planner', label: 'Planner', icon: <CalendarIcon />, roles: PLANNER_ROLES, section: 'main' },
  {
    to: '/care/import',
    label: 'Import care data',
    icon: <UploadIcon />,
    roles: ['center_director', 'network_admin'],
    section: 'admin',
  },
  { to: '/my-pathway', label: 'My pathway', icon: <RouteIcon />, roles: ['clinician'], section: 'main' },
  { to: '/centers', label: 'Centers', icon: <BuildingIcon />, roles: NETWORK_ROLES, section: 'main' },
  { to: '/progress', label: 'Progress', icon: <ChartIcon />, roles: PROGRESS_ROLES, section: 'main' },
  {
    to: '/pathways',
    label: 'Pathways',
    icon: <LayersIcon />,
    roles: ['network_admin', 'center_director'],
    section: 'main',
  },
  {
    to: '/credentials',
    label: 'Credentials',
    icon: <AwardIcon />,
    roles: ['network_admin'],
    section: 'main',
  },
  { to: '/users', label: 'People', icon: <PeopleIcon />, roles: MANAGER_ROLES, section: 'main' },
  { to: '/invitations', label: 'Invitations', icon: <MailIcon />, roles: MANAGER_ROLES, section: 'main' },
  { to: '/outbox', label: 'Outbox', icon: <InboxIcon />, roles: MANAGER_ROLES, section: 'admin' },
  { to: '/audit', label: 'Audit log', icon: <ListIcon />, roles: MANAGER_ROLES, section: 'admin' },
  { to: '/partners', label: 'Partners', icon: <BriefcaseIcon />, roles: ['network_admin'], section: 'admin' },
  { to: '/chapters', label: 'Chapters', icon: <MapIcon />, roles: ['network_admin'], section: 'admin' },
  { to: '/imports', label: 'Imports', icon: <UploadIcon />, roles: ['network_admin'], section: 'admin' },
  { to: '/settings', label: 'Settings', icon: <SettingsIcon />, roles: ['network_admin'], section: 'admin' },
  { to: '/cohorts', label: 'Cohorts', icon: <CalendarIcon />, roles: COHORT_ROLES, section: 'main' },
  { to: '/catalog', label: 'Catalog', icon: <CatalogIcon />, roles: ['network_admin'], section: 'main' },
];
