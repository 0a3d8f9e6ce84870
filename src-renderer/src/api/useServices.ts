import { use } from 'react';
import { ServicesContext, type Services } from './services-context';

export function useServices(): Services {
  const services = use(ServicesContext);
  if (!services) throw new Error('useServices() needs a <ServicesContext> provider above it');
  return services;
}
